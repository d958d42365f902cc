package cn.zikao.payment;

import static cn.zikao.payment.PaymentFixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.enrollment.Check;
import cn.zikao.testing.Api;
import cn.zikao.testing.RedisProcess;
import cn.zikao.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Payments that reach the service after their order was voided: by the simulator paying an order the service voided
 * without closing it at the gateway, or by signed notifications built like the gateway's. The small plan (area 0300:
 * three seats per slot, 0200: thirty) lets seats run out; this class has a Redis of its own, which one test stops.
 */
class LatePaymentTest {
    private static final RedisProcess redis = RedisProcess.start();

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_PLAN", "src/test/resources/plans/enrollment-small.yaml")
            .env("ZIKAO_REDIS_URI", redis.uri()).env("ZIKAO_REDIS_COMMAND_TIMEOUT_MS", "500")
            .env("ZIKAO_WORK_ORDERS", "200:200");
    private final PaymentFixtures fx = new PaymentFixtures(app);

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    /** An order the service voided while the gateway still takes its payment (as when its close never got through). */
    private PaymentFixtures.Order voidedAtServiceOnly(String area, int slot, String course) {
        PaymentFixtures.Order o = fx.unpaidOrder(area, slot, course);
        fx.startPayment(o);
        assertTrue(app.app().enrollment().orders().voidUnpaidPaying(o.id()).await());
        return o;
    }

    /** An order its candidate cancelled. */
    private void cancel(PaymentFixtures.Order o) {
        assertEquals(204, app.api().delete("/api/v1/orders/" + o.id(), Api.bearer(o.token())).status());
    }

    private Api.Reply notifyPaid(PaymentFixtures.Order o, String tx) {
        return app.api().send(fx.signedNotify(body(o, tx)));
    }

    private String body(PaymentFixtures.Order o, String tx) {
        return fx.notifications().envelope(fx.paidTransaction(o, PaymentFixtures.TOTAL_FEN, tx), app.clock().instant()).encode();
    }

    private long held(String area, int slot) {
        return fx.count("SELECT count(*) FROM enrollment WHERE sitting_code = '271' AND area_code = ? AND slot_no = ?", area, slot);
    }

    private int left(String area, int slot) {
        return app.api().get("/api/v1/plan/271/seats?area=" + area).array().getJsonObject(slot - 1).getInteger("left");
    }

    private String payment(String column, PaymentFixtures.Order o) {
        return fx.one("SELECT " + column + " FROM payment WHERE out_trade_no = ?", o.outTradeNo());
    }

    private void checkClean() {
        eventually(60, () -> Check.run(app.app().plan(), app.app().platform().pg(), app.app().platform().redis()).ok(),
                "check clean (Redis repaired)");
        assertEquals(List.of(), paymentCheck().violations());
    }

    private PaymentCheck.Report paymentCheck() {
        return PaymentCheck.run(app.app().platform().pg()).toCompletionStage().toCompletableFuture().join();
    }

    @Test
    @DisplayName("a late payment, delivered three times, for a voided order whose seat is free: one payment, the order PAID with one seat, Redis told")
    void seatsFree() {
        PaymentFixtures.Order o = voidedAtServiceOnly("0300", 3, "00107");
        assertEquals(0, held("0300", 3));
        eventually(5, () -> left("0300", 3) == 3, "the seat back in Redis");

        assertEquals(200, fx.sim().post("/sim/pay/" + o.outTradeNo() + "?duplicates=2", "{}").status());
        eventually(15, () -> "PAID".equals(fx.status(o.id())), "order PAID");
        eventually(15, () -> fx.sim().get("/sim/orders/" + o.outTradeNo()).json().getInteger("notify_delivered") == 3,
                "every copy answered 204");
        assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", o.outTradeNo()));
        assertEquals("APPLIED", payment("status", o));
        assertEquals("0", payment("refund_due_fen", o));
        assertEquals(1, fx.count("SELECT count(*) FROM enrollment WHERE order_id = ? AND status = 'PAID'", o.id()));
        assertEquals(1, held("0300", 3));
        eventually(5, () -> left("0300", 3) == 2, "Redis took the seat");
        checkClean();
    }

    @Test
    @DisplayName("a late payment for a voided order whose seats others took: REFUND_DUE SEATS_GONE, listed by the check, no seat leaked or sold twice")
    void seatsTaken() {
        PaymentFixtures.Order o = voidedAtServiceOnly("0300", 2, "00018");
        List<PaymentFixtures.Order> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(fx.unpaidOrder("0300", 2, "00018"));
        }
        assertEquals(3, held("0300", 2));

        assertEquals(200, fx.sim().post("/sim/pay/" + o.outTradeNo() + "?duplicates=1", "{}").status());
        eventually(15, () -> "REFUND_DUE".equals(payment("status", o)), "payment REFUND_DUE");
        assertEquals("SEATS_GONE", payment("refund_reason", o));
        assertEquals("7600", payment("refund_due_fen", o));
        assertEquals("VOID", fx.status(o.id()));
        assertEquals(0, fx.count("SELECT count(*) FROM enrollment WHERE order_id = ?", o.id()));
        assertEquals(3, held("0300", 2));
        assertEquals(0, left("0300", 2));
        assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", o.outTradeNo()));
        checkClean();
        assertTrue(paymentCheck().attention().stream().anyMatch(a -> a.startsWith("REFUND_DUE: wechat transaction ")
                && a.contains("order " + o.outTradeNo() + " (VOID), 7600 fen, SEATS_GONE")), paymentCheck().attention().toString());
        for (PaymentFixtures.Order other : others) {
            assertEquals("UNPAID", fx.status(other.id()));
        }
    }

    @Test
    @DisplayName("with Redis down, late payments are recorded at once (PAID with its seat, or REFUND_DUE), and Redis is repaired once it is back")
    void redisDown() {
        PaymentFixtures.Order free = voidedAtServiceOnly("0300", 4, "04729");
        PaymentFixtures.Order full = voidedAtServiceOnly("0300", 1, "03706");
        for (int i = 0; i < 3; i++) {
            fx.unpaidOrder("0300", 1, "03706");
        }
        redis.stop();
        try {
            long t0 = System.nanoTime();
            Api.Reply paid = notifyPaid(free, PaymentFixtures.transactionId());
            Api.Reply refund = notifyPaid(full, PaymentFixtures.transactionId());
            assertEquals(204, paid.status(), paid.text());
            assertEquals(204, refund.status(), refund.text());
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "answered without waiting for Redis");
            assertEquals("PAID", fx.status(free.id()));
            assertEquals("APPLIED", payment("status", free));
            assertEquals(1, held("0300", 4));
            assertEquals("VOID", fx.status(full.id()));
            assertEquals("REFUND_DUE", payment("status", full));
            assertEquals("SEATS_GONE", payment("refund_reason", full));
            assertEquals(3, held("0300", 1));
        } finally {
            redis.restart();
        }
        checkClean();
        eventually(30, () -> left("0300", 4) == 2 && left("0300", 1) == 0, "Redis rebuilt from PostgreSQL");
    }

    @Test
    @DisplayName("a late payment for an order of a sitting the plan no longer has: REFUND_DUE SITTING_GONE, nothing taken")
    void sittingGone() {
        PaymentFixtures.Candidate c = fx.candidateIn("0100");
        UUID id = UUID.randomUUID();
        String outTradeNo = "269" + Math.abs(id.getLeastSignificantBits() % 1_000_000_000_000L);
        fx.exec("""
                INSERT INTO sitting (code, name, registration_opens_at, registration_closes_at, registration_fee_fen)
                VALUES ('269', '2026年10月', '2026-05-01T09:00:00+08:00', '2026-08-20T18:00:00+08:00', 4000) ON CONFLICT DO NOTHING""");
        fx.exec("""
                INSERT INTO exam_order (id, out_trade_no, candidate_id, sitting_code, area_code, status, total_fen, has_registration_fee,
                                        created_at, expires_at, voided_at, void_reason)
                VALUES (?, ?, ?, '269', '0100', 'VOID', 7600, true, now() - interval '1 hour', now() - interval '30 minutes',
                        now() - interval '30 minutes', 'EXPIRED')""", id, outTradeNo, c.id());
        fx.exec("""
                INSERT INTO order_line (order_id, line_no, kind, course_code, slot_no, amount_fen)
                VALUES (?, 1, 'REGISTRATION_FEE', NULL, NULL, 4000), (?, 2, 'COURSE', '00018', 2, 3600)""", id, id);
        PaymentFixtures.Order o = new PaymentFixtures.Order(id, outTradeNo, c.id(), c.token(), 0);

        String tx = PaymentFixtures.transactionId();
        assertEquals(204, notifyPaid(o, tx).status());
        assertEquals(204, notifyPaid(o, tx).status(), "a copy changes nothing");
        assertEquals("VOID", fx.status(id));
        assertEquals("REFUND_DUE", payment("status", o));
        assertEquals("SITTING_GONE", payment("refund_reason", o));
        assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", outTradeNo));
        assertEquals(0, fx.count("SELECT count(*) FROM enrollment WHERE order_id = ?", id));
        checkClean();
    }

    @Test
    @DisplayName("the registration fee is kept once: a late payment, or a payment after one, whose fee another paid order carries has the fee due back")
    void feeChargedOnce() {
        // the voided order is paid late, after the candidate's second order was paid
        PaymentFixtures.Order first = fx.unpaidOrder("0100", 2, "00018");
        cancel(first);
        PaymentFixtures.Order second = fx.place(first.candidateId(), first.token(), 1, "03706");
        assertEquals(204, notifyPaid(second, PaymentFixtures.transactionId()).status());
        assertEquals(204, notifyPaid(first, PaymentFixtures.transactionId()).status());
        assertEquals("PAID", fx.status(first.id()));
        assertEquals("0", payment("refund_due_fen", second));
        assertEquals("APPLIED", payment("status", first));
        assertEquals("4000", payment("refund_due_fen", first));
        assertEquals("REGISTRATION_FEE_PAID", payment("refund_reason", first));

        // the voided order is paid late first; the candidate's second order is paid afterwards
        PaymentFixtures.Order early = fx.unpaidOrder("0100", 2, "00018");
        cancel(early);
        PaymentFixtures.Order later = fx.place(early.candidateId(), early.token(), 1, "03706");
        assertEquals(204, notifyPaid(early, PaymentFixtures.transactionId()).status());
        assertEquals(204, notifyPaid(later, PaymentFixtures.transactionId()).status());
        assertEquals("PAID", fx.status(early.id()));
        assertEquals("PAID", fx.status(later.id()));
        assertEquals("0", payment("refund_due_fen", early));
        assertEquals("4000", payment("refund_due_fen", later));

        assertEquals(2, fx.count("SELECT count(*) FROM exam_order WHERE fee_refund_due AND candidate_id IN (?, ?)",
                first.candidateId(), early.candidateId()));
        checkClean();
        List<String> attention = paymentCheck().attention();
        assertTrue(attention.stream().anyMatch(a -> a.startsWith("REFUND_DUE in part: wechat transaction ")
                && a.contains("order " + first.outTradeNo() + " (PAID), 4000 of 7600 fen, REGISTRATION_FEE_PAID")), attention.toString());
        assertTrue(attention.stream().anyMatch(a -> a.contains("order " + later.outTradeNo() + " (PAID), 4000 of 7600 fen")),
                attention.toString());
    }

    @Test
    @DisplayName("20 candidates' late payment and second order's payment racing: both orders PAID, the fee due back on exactly one")
    void feeRace() {
        List<PaymentFixtures.Order[]> pairs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            PaymentFixtures.Order voided = fx.unpaidOrder("0400", 2, "00018");
            cancel(voided);
            pairs.add(new PaymentFixtures.Order[] {voided, fx.place(voided.candidateId(), voided.token(), 1, "03706")});
        }
        List<CompletableFuture<Api.Reply>> sent = new ArrayList<>();
        for (PaymentFixtures.Order[] p : pairs) {
            sent.add(app.api().sendAsync(fx.signedNotify(body(p[0], PaymentFixtures.transactionId()))));
            sent.add(app.api().sendAsync(fx.signedNotify(body(p[1], PaymentFixtures.transactionId()))));
        }
        sent.forEach(f -> assertEquals(204, f.join().status(), f.join().text()));
        for (PaymentFixtures.Order[] p : pairs) {
            assertEquals("PAID", fx.status(p[0].id()));
            assertEquals("PAID", fx.status(p[1].id()));
            long due = fx.count("SELECT count(*) FROM payment WHERE out_trade_no IN (?, ?) AND refund_due_fen = 4000",
                    p[0].outTradeNo(), p[1].outTradeNo());
            assertEquals(1, due, p[0].outTradeNo() + " / " + p[1].outTradeNo());
            assertEquals(1, fx.count("SELECT count(*) FROM exam_order WHERE candidate_id = ? AND fee_refund_due", p[0].candidateId()));
        }
        checkClean();
    }

    @Test
    @DisplayName("10 late payments racing 20 new orders for the last 15 seats of a slot: never over capacity, every seat accounted for, every payment recorded once")
    void lateRacingNewOrders() {
        List<PaymentFixtures.Order> late = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            PaymentFixtures.Order o = fx.unpaidOrder("0200", 3, "00107");
            cancel(o);
            late.add(o);
        }
        for (int i = 0; i < 15; i++) {
            fx.unpaidOrder("0200", 3, "00107");
        }
        List<PaymentFixtures.Candidate> newcomers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            newcomers.add(fx.candidateIn("0200"));
        }
        assertEquals(15, held("0200", 3));

        List<CompletableFuture<Api.Reply>> payments = new ArrayList<>();
        List<CompletableFuture<Api.Reply>> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            PaymentFixtures.Candidate c = newcomers.get(i);
            orders.add(app.api().postAsync("/api/v1/sittings/271/orders",
                    Map.of("selections", List.of(Map.of("slotNo", 3, "courseCode", "00107"))), Api.bearer(c.token())));
            if (i < late.size()) {
                payments.add(app.api().sendAsync(fx.signedNotify(body(late.get(i), PaymentFixtures.transactionId()))));
            }
        }
        payments.forEach(f -> assertEquals(204, f.join().status(), f.join().text()));
        Map<String, Long> outcomes = new TreeMap<>(orders.stream().map(CompletableFuture::join).collect(Collectors.groupingBy(
                r -> r.status() + (r.code() == null ? "" : " " + r.code()), Collectors.counting())));
        long placed = outcomes.getOrDefault("201", 0L);
        assertEquals(20, placed + outcomes.getOrDefault("409 SEATS_FULL", 0L), outcomes.toString());

        long latePaid = late.stream().filter(o -> "PAID".equals(fx.status(o.id()))).count();
        long lateDue = late.stream().filter(o -> "VOID".equals(fx.status(o.id())) && "REFUND_DUE".equals(payment("status", o))).count();
        assertEquals(10, latePaid + lateDue);
        for (PaymentFixtures.Order o : late) {
            assertEquals(1, fx.count("SELECT count(*) FROM payment WHERE out_trade_no = ?", o.outTradeNo()));
            assertEquals("PAID".equals(fx.status(o.id())) ? 1 : 0, fx.count("SELECT count(*) FROM enrollment WHERE order_id = ?", o.id()));
        }
        long held = held("0200", 3);
        assertEquals(15 + placed + latePaid, held);
        assertTrue(held <= 30, "held " + held);
        System.out.printf("late payments racing new orders: %s, late %d PAID / %d REFUND_DUE%n", outcomes, latePaid, lateDue);
        checkClean();
        eventually(30, () -> left("0200", 3) == 30 - held, "Redis agrees with PostgreSQL on the seats left");
    }
}
