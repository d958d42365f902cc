package cn.zikao.payment;

import static cn.zikao.payment.PaymentFixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.enrollment.Check;
import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Orders are expired by moving their expiresAt into the past; the expiry sweep asks the gateway first. */
class ExpiryReconciliationTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();
    private final PaymentFixtures fx = new PaymentFixtures(app);

    private void expire(PaymentFixtures.Order o) {
        fx.exec("UPDATE exam_order SET expires_at = now() - interval '1 second' WHERE id = ?", o.id());
    }

    private String simState(PaymentFixtures.Order o) {
        return fx.sim().get("/sim/orders/" + o.outTradeNo()).json().getString("trade_state");
    }

    @Test
    @DisplayName("an expired PAYING order nobody paid is closed at the gateway first, then voided with its seat released")
    void unpaidIsClosedThenVoided() {
        PaymentFixtures.Order o = fx.unpaidOrder();
        fx.startPayment(o);
        expire(o);
        eventually(15, () -> "VOID".equals(fx.status(o.id())), "order VOID");
        assertEquals("CLOSED", simState(o));
        assertEquals("RELEASED", fx.one("SELECT status FROM enrollment WHERE order_id = ?", o.id()));
        Api.Reply pay = fx.sim().post("/sim/pay/" + o.outTradeNo(), "{}");
        assertEquals(409, pay.status(), pay.text());
        assertEquals("ORDER_CLOSED", pay.json().getString("code"));
        assertEquals(0, fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", o.outTradeNo()));
    }

    @Test
    @DisplayName("an expired PAYING order that was paid with the callback lost is found PAID by the expiry check, never voided")
    void paidButSilentIsPaid() {
        PaymentFixtures.Order o = fx.unpaidOrder();
        fx.startPayment(o);
        assertEquals(200, fx.sim().post("/sim/pay/" + o.outTradeNo() + "?drop=true", "{}").status());
        expire(o);
        eventually(15, () -> "PAID".equals(fx.status(o.id())), "order PAID");
        assertEquals("SUCCESS", simState(o));
        assertEquals("QUERY", fx.one("SELECT source FROM payment WHERE out_trade_no = ?", o.outTradeNo()));
        assertEquals("PAID", fx.one("SELECT status FROM enrollment WHERE order_id = ?", o.id()));
    }

    @Test
    @DisplayName("a payment arriving for a VOID order takes a seat again and makes it PAID; with the slot taken meanwhile it is REFUND_DUE")
    void latePayment() {
        PaymentFixtures.Order free = fx.unpaidOrder();
        fx.startPayment(free);
        expire(free);
        eventually(15, () -> "VOID".equals(fx.status(free.id())), "order VOID");
        String tx = PaymentFixtures.transactionId();
        String body = fx.notifications().envelope(fx.paidTransaction(free, PaymentFixtures.TOTAL_FEN, tx), app.clock().instant()).encode();
        assertEquals(204, app.api().send(fx.signedNotify(body)).status());
        assertEquals("PAID", fx.status(free.id()));
        assertEquals(1, fx.count("SELECT count(*) FROM enrollment WHERE order_id = ? AND status = 'PAID'", free.id()));
        assertEquals("APPLIED", fx.one("SELECT status FROM payment WHERE transaction_id = ?", tx));

        PaymentFixtures.Order gone = fx.unpaidOrder();
        fx.startPayment(gone);
        expire(gone);
        eventually(15, () -> "VOID".equals(fx.status(gone.id())), "order VOID");
        PaymentFixtures.Order again = fx.place(gone.candidateId(), gone.token());
        String tx2 = PaymentFixtures.transactionId();
        String body2 = fx.notifications().envelope(fx.paidTransaction(gone, PaymentFixtures.TOTAL_FEN, tx2), app.clock().instant()).encode();
        assertEquals(204, app.api().send(fx.signedNotify(body2)).status());
        assertEquals("VOID", fx.status(gone.id()));
        assertEquals("UNPAID", fx.status(again.id()));
        assertEquals("REFUND_DUE", fx.one("SELECT status FROM payment WHERE transaction_id = ?", tx2));
        assertEquals(204, app.api().send(fx.signedNotify(body2)).status(), "a copy changes nothing");
        assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", gone.outTradeNo()));
        assertTrue(app.api().get("/metrics").text().contains("zikao_payments_recorded_total{status=\"REFUND_DUE\"} 1.0"));

        Check.Report report = Check.run(app.app().plan(), app.app().platform().pg(), app.app().platform().redis());
        assertTrue(report.ok(), report.violations().toString());
        PaymentCheck.Report payments = paymentCheck();
        assertEquals(List.of(), payments.violations());
        assertEquals(1, payments.attention().size(), payments.attention().toString());
        assertTrue(payments.attention().get(0).startsWith("REFUND_DUE: wechat transaction " + tx2 + ", order " + gone.outTradeNo() + " (VOID), 7600 fen"),
                payments.attention().get(0));
    }

    private PaymentCheck.Report paymentCheck() {
        return PaymentCheck.run(app.app().platform().pg()).toCompletionStage().toCompletableFuture().join();
    }

    @Test
    @DisplayName("payments and expiry racing over 200 orders: each paid order ends PAID or VOID + REFUND_DUE, never both, never neither")
    void callbackRacesExpiry() {
        List<PaymentFixtures.Order> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            PaymentFixtures.Order o = fx.unpaidOrder();
            fx.startPayment(o);
            orders.add(o);
        }
        String ids = orders.stream().map(o -> "'" + o.id() + "'").collect(Collectors.joining(","));
        fx.exec("UPDATE exam_order SET expires_at = now() WHERE id IN (" + ids + ")");
        // payers spread over the next three sweeps, so that some pay just before and some just after the close
        List<CompletableFuture<Api.Reply>> pays = new ArrayList<>();
        Random random = new Random(271);
        for (PaymentFixtures.Order o : orders) {
            Executor at = CompletableFuture.delayedExecutor(random.nextInt(3000), TimeUnit.MILLISECONDS);
            pays.add(CompletableFuture.supplyAsync(() -> o, at).thenCompose(x ->
                    fx.sim().postAsync("/sim/pay/" + x.outTradeNo() + "?duplicates=1&delayMs=" + random.nextInt(20), "{}")));
        }
        List<Boolean> accepted = pays.stream().map(f -> {
            int s = f.join().status();
            assertTrue(s == 200 || s == 409, f.join().text());
            return s == 200;
        }).toList();
        eventually(60, () -> fx.count("SELECT count(*) FROM exam_order WHERE status IN ('UNPAID', 'PAYING') AND id IN (" + ids + ")") == 0,
                "every order settled");
        int paid = 0;
        int refundDue = 0;
        for (int i = 0; i < orders.size(); i++) {
            PaymentFixtures.Order o = orders.get(i);
            if (accepted.get(i)) {
                eventually(30, () -> fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", o.outTradeNo()) == 1,
                        "payment of " + o.outTradeNo() + " recorded");
            }
            String status = fx.status(o.id());
            long applied = fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ? AND status = 'APPLIED'", o.outTradeNo());
            long due = fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ? AND status = 'REFUND_DUE'", o.outTradeNo());
            if (!accepted.get(i)) {
                assertEquals("VOID", status, o.outTradeNo());
                assertEquals(0, applied + due, o.outTradeNo());
            } else if ("PAID".equals(status)) {
                assertEquals(1, applied, o.outTradeNo());
                assertEquals(0, due, o.outTradeNo());
                paid++;
            } else {
                assertEquals("VOID", status, o.outTradeNo());
                assertEquals(0, applied, o.outTradeNo());
                assertEquals(1, due, o.outTradeNo());
                refundDue++;
            }
        }
        long acceptedCount = accepted.stream().filter(a -> a).count();
        assertEquals(acceptedCount, paid + refundDue);
        assertEquals(acceptedCount, fx.count("SELECT count(*) FROM payment WHERE order_id IN (" + ids + ")"));
        System.out.printf("race over 200 orders: %d paid at the gateway (%d PAID, %d REFUND_DUE), %d closed first%n",
                acceptedCount, paid, refundDue, 200 - acceptedCount);
        Check.Report report = Check.run(app.app().plan(), app.app().platform().pg(), app.app().platform().redis());
        assertTrue(report.ok(), report.violations().toString());
        assertEquals(List.of(), paymentCheck().violations());
    }
}
