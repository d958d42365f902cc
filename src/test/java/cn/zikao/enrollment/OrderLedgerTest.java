package cn.zikao.enrollment;

import static cn.zikao.enrollment.Candidates.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The order state changes the payment feature calls. */
class OrderLedgerTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_PLAN", "src/test/resources/plans/enrollment-small.yaml");

    private static final String ORDERS = "/api/v1/sittings/271/orders";

    private static OrderLedger ledger() {
        return app.app().enrollment().orders();
    }

    private static Pool pg() {
        return app.app().platform().pg();
    }

    private static int left(String area, int slot) {
        return app.api().get("/api/v1/plan/271/seats?area=" + area).array().getJsonObject(slot - 1).getInteger("left");
    }

    @Test
    @DisplayName("UNPAID → PAYING → PAID: a PAYING order cannot be cancelled, a PAID one is final and listed in 考试查询")
    void payingThenPaid() {
        Candidates.Candidate c = Candidates.one(app, "0400", "030301");
        UUID id = UUID.fromString(app.api().post(ORDERS, order(1, "03706"), c.auth()).json().getString("orderId"));
        assertTrue(ledger().markPaying(id, "wechat", "weixin://wxpay/bizpayurl?pr=abc").await());
        assertFalse(ledger().markPaying(id, "wechat", "weixin://other").await(), "only from UNPAID");
        assertEquals("PAYING", app.api().get("/api/v1/orders/" + id, c.auth()).json().getString("status"));
        Api.Reply cancel = app.api().delete("/api/v1/orders/" + id, c.auth());
        assertEquals("ORDER_NOT_CANCELLABLE", cancel.code());

        assertTrue(ledger().markPaid(pg(), id, Instant.parse("2026-11-28T02:00:00Z")).await().changed());
        assertFalse(ledger().markPaid(pg(), id, Instant.now()).await().changed(), "once");
        var paid = app.api().get("/api/v1/orders/" + id, c.auth()).json();
        assertEquals("PAID", paid.getString("status"));
        assertEquals("2026-11-28T10:00:00+08:00", paid.getString("paidAt"));
        assertEquals(1, app.api().get("/api/v1/exams", c.auth()).array().size());
        assertFalse(ledger().voidUnpaidPaying(id).await(), "PAID is final");
        assertEquals("ORDER_PAID", app.api().put("/api/v1/me/enrollment",
                Map.of("sittingCode", "271", "areaCode", "0100", "majorCode", "030301"), c.auth()).code());
    }

    private static OrderLedger.Retake retake(UUID order) {
        OrderLedger.Retaken r = pg().withTransaction(tx -> ledger().retakeSeats(tx, order, Instant.now())).await();
        ledger().retakenToRedis(r).await();
        return r.outcome();
    }

    @Test
    @DisplayName("a VOID order paid late takes seats again in PostgreSQL, once, and Redis hears of them; with the seats gone it says SEATS_GONE and holds nothing")
    void retakeSeats() {
        Candidates.Candidate late = Candidates.one(app, "0300", "030301");
        UUID id = UUID.fromString(app.api().post(ORDERS, order(3, "00107"), late.auth()).json().getString("orderId"));
        assertEquals(204, app.api().delete("/api/v1/orders/" + id, late.auth()).status());
        assertEquals(3, left("0300", 3));

        assertEquals(OrderLedger.Retake.RETAKEN, retake(id));
        assertEquals(OrderLedger.Retake.NOT_VOID, retake(id));
        assertEquals(2, left("0300", 3));
        assertEquals("PAID", app.api().get("/api/v1/orders/" + id, late.auth()).json().getString("status"));

        Candidates.Candidate gone = Candidates.one(app, "0300", "030301");
        UUID voided = UUID.fromString(app.api().post(ORDERS, order(2, "00018"), gone.auth()).json().getString("orderId"));
        ledger().cancel(gone.id(), voided).await();
        for (Candidates.Candidate c : Candidates.create(app, 3, "0300", "030301", true)) {
            assertEquals(201, app.api().post(ORDERS, order(2, "00018"), c.auth()).status());
        }
        assertEquals(0, left("0300", 2));
        assertEquals(OrderLedger.Retake.SEATS_GONE, retake(voided));
        assertEquals("VOID", app.api().get("/api/v1/orders/" + voided, gone.auth()).json().getString("status"));
        assertEquals(0, Candidates.count(app, "SELECT count(*) FROM enrollment WHERE order_id = '" + voided + "'"));
        assertEquals(0, left("0300", 2));
        Check.Report report = Check.run(app.app().plan(), pg(), app.app().platform().redis());
        assertEquals(List.of(), report.violations());
    }
}
