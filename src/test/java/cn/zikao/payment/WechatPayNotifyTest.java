package cn.zikao.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WechatPayNotifyTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();
    private final PaymentFixtures fx = new PaymentFixtures(app);

    /** A PAYING order and a correctly encrypted notification of its payment (not yet signed). */
    private record Case(PaymentFixtures.Order order, String transactionId, JsonObject envelope) {}

    private Case paying(int amountFen) {
        PaymentFixtures.Order o = fx.unpaidOrder();
        fx.startPayment(o);
        String tx = PaymentFixtures.transactionId();
        return new Case(o, tx, fx.notifications().envelope(fx.paidTransaction(o, amountFen, tx), app.clock().instant()));
    }

    private static long now() {
        return app.clock().instant().getEpochSecond();
    }

    private void assertUnchanged(Case c, Api.Reply r, int status) {
        assertEquals(status, r.status(), r.text());
        assertEquals("FAIL", r.json().getString("code"), r.text());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertEquals("PAYING", fx.status(c.order().id()));
        assertEquals(0, fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", c.order().outTradeNo()));
        assertEquals(0, fx.count("SELECT count(*) FROM payment_notification WHERE out_trade_no = ?", c.order().outTradeNo()));
    }

    @Test
    @DisplayName("a correctly signed and encrypted notification makes the order PAID and is answered 204 after the commit")
    void validNotification() {
        Case c = paying(PaymentFixtures.TOTAL_FEN);
        Api.Reply r = app.api().send(fx.signedNotify(c.envelope().encode()));
        assertEquals(204, r.status(), r.text());
        assertEquals("PAID", fx.status(c.order().id()));
        assertEquals("APPLIED", fx.one("SELECT status FROM payment WHERE transaction_id = ?", c.transactionId()));
        assertEquals("APPLIED", fx.one("SELECT outcome FROM payment_notification WHERE id = ?", c.envelope().getString("id")));
        assertEquals("PAID", fx.one("SELECT status FROM enrollment WHERE order_id = ?", c.order().id()));
    }

    @Test
    @DisplayName("a signature made over another body, or by another key, is refused with 401 FAIL and changes nothing")
    void invalidSignature() {
        Case c = paying(PaymentFixtures.TOTAL_FEN);
        String body = c.envelope().encode();
        Map<String, String> h = new HashMap<>(fx.notifications().headers(body.replace("支付成功", "支付失败"),
                app.clock().instant().getEpochSecond()));
        assertUnchanged(c, app.api().send(fx.notifyRequest(body, h)), 401);

        Map<String, String> garbage = new HashMap<>(fx.notifications().headers(body, app.clock().instant().getEpochSecond()));
        garbage.put("Wechatpay-Signature", Base64.getEncoder().encodeToString(new byte[256]));
        assertUnchanged(c, app.api().send(fx.notifyRequest(body, garbage)), 401);

        Map<String, String> none = new HashMap<>(garbage);
        none.remove("Wechatpay-Signature");
        assertUnchanged(c, app.api().send(fx.notifyRequest(body, none)), 401);
    }

    @Test
    @DisplayName("a tampered ciphertext, associated data or nonce fails decryption: 400 FAIL and nothing changes")
    void tamperedResource() {
        Case c = paying(PaymentFixtures.TOTAL_FEN);
        JsonObject resource = c.envelope().getJsonObject("resource");
        byte[] ct = Base64.getDecoder().decode(resource.getString("ciphertext"));
        ct[5] ^= 1;
        List<JsonObject> tampered = List.of(
                c.envelope().copy().put("resource", resource.copy().put("ciphertext", Base64.getEncoder().encodeToString(ct))),
                c.envelope().copy().put("resource", resource.copy().put("associated_data", "certificate")),
                c.envelope().copy().put("resource", resource.copy().put("nonce", "AAAAAAAAAAAA")));
        for (JsonObject t : tampered) {
            assertUnchanged(c, app.api().send(fx.signedNotify(t.encode())), 400);
        }
        assertEquals(204, app.api().send(fx.signedNotify(c.envelope().encode())).status());
        assertEquals("PAID", fx.status(c.order().id()));
    }

    @Test
    @DisplayName("a timestamp over 300 s off either way is stale: 401 FAIL; under 300 s off is accepted")
    void staleTimestamp() {
        Case c = paying(PaymentFixtures.TOTAL_FEN);
        String body = c.envelope().encode();
        // a few seconds from the bound either way, so that a slow request on a busy machine cannot cross it
        assertUnchanged(c, app.api().send(fx.notifyRequest(body, fx.notifications().headers(body, now() - 305))), 401);
        assertUnchanged(c, app.api().send(fx.notifyRequest(body, fx.notifications().headers(body, now() + 305))), 401);
        assertEquals(204, app.api().send(fx.notifyRequest(body, fx.notifications().headers(body, now() - 295))).status());
        assertEquals("PAID", fx.status(c.order().id()));
    }

    @Test
    @DisplayName("a serial that names no platform key we hold is refused with 401 FAIL")
    void wrongSerial() {
        Case c = paying(PaymentFixtures.TOTAL_FEN);
        String body = c.envelope().encode();
        Map<String, String> h = new HashMap<>(fx.notifications().headers(body, app.clock().instant().getEpochSecond()));
        h.put("Wechatpay-Serial", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
        assertUnchanged(c, app.api().send(fx.notifyRequest(body, h)), 401);
    }

    @Test
    @DisplayName("a notification for another merchant is refused with 400 FAIL even though it is signed and encrypted")
    void otherMerchant() {
        Case c = paying(PaymentFixtures.TOTAL_FEN);
        JsonObject tx = fx.paidTransaction(c.order(), PaymentFixtures.TOTAL_FEN, c.transactionId()).put("mchid", "1900009999");
        String body = fx.notifications().envelope(tx, app.clock().instant()).encode();
        assertUnchanged(c, app.api().send(fx.signedNotify(body)), 400);
    }

    @Test
    @DisplayName("five copies of one notification at once make one transition, one payment row and one notification row")
    void fiveCopiesAtOnce() {
        Case c = paying(PaymentFixtures.TOTAL_FEN);
        String body = c.envelope().encode();
        List<CompletableFuture<Api.Reply>> copies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            copies.add(app.api().sendAsync(fx.signedNotify(body)));
        }
        for (CompletableFuture<Api.Reply> f : copies) {
            assertEquals(204, f.join().status(), f.join().text());
        }
        assertEquals("PAID", fx.status(c.order().id()));
        assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", c.order().outTradeNo()));
        assertEquals(1, fx.count("SELECT count(*) FROM payment_notification WHERE out_trade_no = ?", c.order().outTradeNo()));
        assertEquals(1, fx.count("SELECT count(*) FROM enrollment WHERE order_id = ? AND status = 'PAID'", c.order().id()));
    }

    @Test
    @DisplayName("a paid amount that differs from the order's total is recorded AMOUNT_MISMATCH and never makes the order PAID")
    void wrongAmount() {
        Case c = paying(PaymentFixtures.TOTAL_FEN - 1);
        Api.Reply r = app.api().send(fx.signedNotify(c.envelope().encode()));
        assertEquals(204, r.status(), r.text());
        assertEquals("PAYING", fx.status(c.order().id()));
        assertEquals("AMOUNT_MISMATCH", fx.one("SELECT status FROM payment WHERE transaction_id = ?", c.transactionId()));
        assertEquals(String.valueOf(PaymentFixtures.TOTAL_FEN - 1), fx.one("SELECT amount_fen FROM payment WHERE transaction_id = ?", c.transactionId()));
        assertEquals("HELD", fx.one("SELECT status FROM enrollment WHERE order_id = ?", c.order().id()));
        String metrics = app.api().get("/metrics").text();
        assertTrue(metrics.contains("zikao_payments_recorded_total{status=\"AMOUNT_MISMATCH\"} 1.0"), "metrics count the mismatch");
    }
}
