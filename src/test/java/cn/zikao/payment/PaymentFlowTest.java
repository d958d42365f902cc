package cn.zikao.payment;

import static cn.zikao.payment.PaymentFixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PaymentFlowTest {
    @RegisterExtension
    // fifty at once is about the payment invariants, not admission: room enough that none is BUSY
    static final TestApp app = TestApp.create().env("ZIKAO_WORK_QR_CODES", "50:50").env("ZIKAO_WORK_ORDERS", "50:50");
    private final PaymentFixtures fx = new PaymentFixtures(app);

    @Test
    @DisplayName("asking to pay moves the order to PAYING with a code URL and its QR PNG; asking again gives the same code")
    void startPayment() throws Exception {
        PaymentFixtures.Order o = fx.unpaidOrder();
        JsonObject first = fx.startPayment(o);
        assertTrue(first.getString("codeUrl").startsWith("weixin://wxpay/bizpayurl?pr="), first.encode());
        byte[] png = Base64.getDecoder().decode(first.getString("qrPng"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        java.awt.image.BufferedImage qr = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        int[] rgb = qr.getRGB(0, 0, qr.getWidth(), qr.getHeight(), null, 0, qr.getWidth());
        String scanned = new com.google.zxing.qrcode.QRCodeReader().decode(new com.google.zxing.BinaryBitmap(
                new com.google.zxing.common.HybridBinarizer(new com.google.zxing.RGBLuminanceSource(qr.getWidth(), qr.getHeight(), rgb))))
                .getText();
        assertEquals(first.getString("codeUrl"), scanned, "the QR code a phone scans is the code URL");
        assertTrue(first.getString("expiresAt").endsWith("+08:00"), first.encode());
        assertEquals("PAYING", fx.status(o.id()));
        assertEquals(first.getString("codeUrl"), fx.one("SELECT code_url FROM exam_order WHERE id = ?", o.id()));

        JsonObject again = fx.startPayment(o);
        assertEquals(first.getString("codeUrl"), again.getString("codeUrl"));
        JsonObject atGateway = fx.sim().get("/sim/orders/" + o.outTradeNo()).json();
        assertEquals("NOTPAY", atGateway.getString("trade_state"));
        assertEquals(PaymentFixtures.TOTAL_FEN, atGateway.getJsonObject("amount").getInteger("total"));
    }

    @Test
    @DisplayName("another candidate's order is not found, and a paid or void order is not payable")
    void onlyOwnOpenOrders() {
        PaymentFixtures.Order mine = fx.unpaidOrder();
        PaymentFixtures.Order theirs = fx.unpaidOrder();
        Api.Reply r = app.api().post("/api/v1/orders/" + theirs.id() + "/payments", Map.of("provider", "wechat"), Api.bearer(mine.token()));
        assertEquals(404, r.status(), r.text());
        assertEquals("NOT_FOUND", r.code());
        assertEquals("UNPAID", fx.status(theirs.id()));

        fx.exec("UPDATE exam_order SET status = 'VOID', voided_at = now() WHERE id = ?", mine.id());
        r = app.api().post("/api/v1/orders/" + mine.id() + "/payments", Map.of("provider", "wechat"), Api.bearer(mine.token()));
        assertEquals(409, r.status(), r.text());
        assertEquals("ORDER_NOT_PAYABLE", r.code());

        r = app.api().post("/api/v1/orders/" + theirs.id() + "/payments", Map.of("provider", "alipay"), Api.bearer(theirs.token()));
        assertEquals(400, r.status(), r.text());
        assertEquals("VALIDATION", r.code());
        r = app.api().post("/api/v1/orders/" + theirs.id() + "/payments", Map.of("provider", "wechat"));
        assertEquals(401, r.status(), r.text());
    }

    @Test
    @DisplayName("paying at the simulator makes the order PAID once, with its seat PAID and one payment row, though three copies arrive; the simulator lists it among its paid orders")
    void payAtSimulator() {
        PaymentFixtures.Order o = fx.unpaidOrder();
        fx.startPayment(o);
        Api.Reply paid = fx.sim().post("/sim/pay/" + o.outTradeNo() + "?duplicates=2", "{}");
        assertEquals(200, paid.status(), paid.text());
        eventually(10, () -> fx.sim().get("/sim/orders/" + o.outTradeNo()).json().getInteger("notify_delivered") == 3,
                "three notifications delivered");
        assertEquals("PAID", fx.status(o.id()));
        assertEquals("PAID", fx.one("SELECT status FROM enrollment WHERE order_id = ?", o.id()));
        assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE order_id = ? AND status = 'APPLIED' AND source = 'NOTIFICATION'", o.id()));
        assertEquals(1, fx.count("SELECT count(*) FROM payment_notification WHERE out_trade_no = ?", o.outTradeNo()));
        assertEquals(paid.json().getString("transaction_id"), fx.one("SELECT transaction_id FROM payment WHERE order_id = ?", o.id()));
        // the simulator's list of paid orders names it with the same transaction, and an unpaid order is not in it
        PaymentFixtures.Order unpaid = fx.unpaidOrder();
        fx.startPayment(unpaid);
        Map<String, JsonObject> paidAtSim = byOutTradeNo(fx.sim().get("/sim/orders?state=SUCCESS").array());
        assertEquals(paid.json().getString("transaction_id"), paidAtSim.get(o.outTradeNo()).getString("transaction_id"));
        assertTrue(paidAtSim.values().stream().allMatch(j -> "SUCCESS".equals(j.getString("trade_state"))), paidAtSim.toString());
        assertEquals(null, paidAtSim.get(unpaid.outTradeNo()));
        assertEquals("NOTPAY", byOutTradeNo(fx.sim().get("/sim/orders").array()).get(unpaid.outTradeNo()).getString("trade_state"));

        Api.Reply again = app.api().post("/api/v1/orders/" + o.id() + "/payments", Map.of("provider", "wechat"), Api.bearer(o.token()));
        assertEquals(409, again.status(), again.text());
        assertEquals("ORDER_NOT_PAYABLE", again.code());
    }

    private static Map<String, JsonObject> byOutTradeNo(io.vertx.core.json.JsonArray orders) {
        return orders.stream().map(JsonObject.class::cast).collect(Collectors.toMap(j -> j.getString("out_trade_no"), j -> j));
    }

    @Test
    @DisplayName("fifty candidates asking for a QR code at once each get their own code; paying at once makes fifty orders PAID")
    void fiftyAtOnce() {
        List<PaymentFixtures.Order> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            orders.add(fx.unpaidOrder());
        }
        List<CompletableFuture<Api.Reply>> asks = new ArrayList<>();
        for (PaymentFixtures.Order o : orders) {
            asks.add(app.api().postAsync("/api/v1/orders/" + o.id() + "/payments", Map.of("provider", "wechat"), Api.bearer(o.token())));
        }
        Set<String> codes = new HashSet<>();
        for (CompletableFuture<Api.Reply> f : asks) {
            assertEquals(201, f.join().status(), f.join().text());
            codes.add(f.join().json().getString("codeUrl"));
        }
        assertEquals(50, codes.size());
        List<CompletableFuture<Api.Reply>> pays = new ArrayList<>();
        for (PaymentFixtures.Order o : orders) {
            pays.add(fx.sim().postAsync("/sim/pay/" + o.outTradeNo(), "{}"));
        }
        pays.forEach(f -> assertEquals(200, f.join().status(), f.join().text()));
        String ids = orders.stream().map(o -> "'" + o.id() + "'").collect(Collectors.joining(","));
        eventually(30, () -> fx.count("SELECT count(*) FROM exam_order WHERE status = 'PAID' AND id IN (" + ids + ")") == 50,
                "fifty orders PAID");
        assertEquals(50, fx.count("SELECT count(*) FROM payment WHERE status = 'APPLIED' AND order_id IN (" + ids + ")"));
    }

    @Test
    @DisplayName("with every callback dropped, the order is found PAID by querying the gateway after the quiet period")
    void droppedCallbacksArePaidByQuery() {
        PaymentFixtures.Order o = fx.unpaidOrder();
        fx.startPayment(o);
        assertEquals(200, fx.sim().post("/sim/pay/" + o.outTradeNo() + "?drop=true", "{}").status());
        fx.exec("UPDATE exam_order SET paying_since = paying_since - make_interval(secs => ?) WHERE id = ?",
                app.config().payment().wechat().queryAfterSeconds() + 1, o.id());
        eventually(10, () -> "PAID".equals(fx.status(o.id())), "order PAID by query");
        assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE order_id = ? AND status = 'APPLIED' AND source = 'QUERY'", o.id()));
        assertEquals(0, fx.count("SELECT count(*) FROM payment_notification WHERE out_trade_no = ?", o.outTradeNo()));
        assertEquals(0, fx.sim().get("/sim/orders/" + o.outTradeNo()).json().getInteger("notify_attempts"));
    }
}
