package cn.zikao.enrollment;

import static cn.zikao.enrollment.Candidates.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderApiTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_PLAN", "src/test/resources/plans/enrollment-small.yaml");

    private static final String ORDERS = "/api/v1/sittings/271/orders";

    private static int left(String area, int slot) {
        return app.api().get("/api/v1/plan/271/seats?area=" + area).array().getJsonObject(slot - 1).getInteger("left");
    }

    @Test
    @DisplayName("an order of two courses carries the registration fee and two course lines, and its total is their sum")
    void moneyLinesAddUp() {
        Candidates.Candidate c = Candidates.one(app, "0400", "030301");
        Api.Reply r = app.api().post(ORDERS, order(1, "03706", 2, "00018"), c.auth());
        assertEquals(201, r.status(), r.text());
        JsonObject o = r.json();
        assertEquals("UNPAID", o.getString("status"));
        assertEquals("271", o.getString("sittingCode"));
        assertTrue(o.getString("outTradeNo").matches("[0-9A-Za-z_-]{6,32}"), o.getString("outTradeNo"));
        JsonArray lines = o.getJsonArray("lines");
        assertEquals(new JsonObject().put("kind", "REGISTRATION_FEE").put("amountFen", 4000), lines.getJsonObject(0));
        assertEquals(new JsonObject().put("kind", "COURSE").put("courseCode", "03706").put("courseName", "思想道德修养与法律基础")
                .put("slotNo", 1).put("amountFen", 3600), lines.getJsonObject(1));
        assertEquals(3, lines.size());
        assertEquals(11200, o.getInteger("totalFen"));
        assertNull(o.getString("paidAt"));
        assertEquals(java.time.OffsetDateTime.parse(o.getString("createdAt")).plusSeconds(1800),
                java.time.OffsetDateTime.parse(o.getString("expiresAt")));

        Api.Reply got = app.api().get("/api/v1/orders/" + o.getString("orderId"), c.auth());
        assertEquals(200, got.status(), got.text());
        assertEquals(o, got.json());
        assertEquals(new JsonArray().add(o), app.api().get("/api/v1/orders", c.auth()).array());
        assertEquals(11200, Candidates.count(app, "SELECT sum(amount_fen) FROM order_line WHERE order_id = '" + o.getString("orderId") + "'"));
        assertEquals(2, Candidates.count(app, "SELECT count(*) FROM enrollment WHERE status = 'HELD' AND order_id = '" + o.getString("orderId") + "'"));
    }

    @Test
    @DisplayName("another candidate's order is 404 NOT_FOUND, to read and to cancel")
    void othersOrderIsNotFound() {
        Candidates.Candidate owner = Candidates.one(app, "0400", "030301");
        Candidates.Candidate other = Candidates.one(app, "0400", "030301");
        String id = app.api().post(ORDERS, order(3, "00107"), owner.auth()).json().getString("orderId");
        assertEquals("NOT_FOUND", app.api().get("/api/v1/orders/" + id, other.auth()).code());
        Api.Reply cancel = app.api().delete("/api/v1/orders/" + id, other.auth());
        assertEquals(404, cancel.status());
        assertEquals("NOT_FOUND", cancel.code());
        assertEquals(404, app.api().get("/api/v1/orders/not-a-uuid", owner.auth()).status());
        assertEquals(401, app.api().get("/api/v1/orders/" + id).status());
    }

    @Test
    @DisplayName("two courses of one slot in one order are a 400 VALIDATION problem and take no seat")
    void twoCoursesOfOneSlot() {
        Candidates.Candidate c = Candidates.one(app, "0100", "030301");
        int before = left("0100", 2);
        Api.Reply r = app.api().post(ORDERS, order(2, "00018", 2, "12656"), c.auth());
        assertEquals(400, r.status(), r.text());
        assertEquals("VALIDATION", r.code());
        assertEquals("selections[1].slotNo", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(before, left("0100", 2));
        assertEquals(0, Candidates.count(app, "SELECT count(*) FROM exam_order WHERE candidate_id = " + c.id()));
    }

    @Test
    @DisplayName("a slot already paid for refuses another course in it with SLOT_TAKEN, and the fee is not asked twice")
    void paidSlotIsTaken() {
        Candidates.Candidate c = Candidates.one(app, "0400", "030301");
        String id = app.api().post(ORDERS, order(2, "00018"), c.auth()).json().getString("orderId");
        Candidates.exec(app, "UPDATE exam_order SET status = 'PAID', paid_at = now() WHERE id = '" + id + "'");
        Candidates.exec(app, "UPDATE enrollment SET status = 'PAID' WHERE order_id = '" + id + "'");

        Api.Reply taken = app.api().post(ORDERS, order(2, "12656"), c.auth());
        assertEquals(409, taken.status(), taken.text());
        assertEquals("SLOT_TAKEN", taken.code());
        assertEquals("selections[0].slotNo", taken.json().getJsonArray("errors").getJsonObject(0).getString("field"));

        Api.Reply next = app.api().post(ORDERS, order(4, "04729"), c.auth());
        assertEquals(201, next.status(), next.text());
        assertEquals(3600, next.json().getInteger("totalFen"));
        assertEquals(1, next.json().getJsonArray("lines").size());

        JsonArray exams = app.api().get("/api/v1/exams", c.auth()).array();
        assertEquals(1, exams.size());
        assertEquals("00018", exams.getJsonObject(0).getString("courseCode"));
        assertEquals("林芝考区", exams.getJsonObject(0).getString("areaName"));
        assertEquals("2027-04-17T14:30:00+08:00", exams.getJsonObject(0).getString("startsAt"));
    }

    @Test
    @DisplayName("an order without the notice read is NOTICE_NOT_ACKED; a course outside the major is COURSE_NOT_OFFERED")
    void noticeAndCourseRules() {
        Candidates.Candidate c = Candidates.create(app, 1, "0400", "080901", false).get(0);
        Api.Reply noNotice = app.api().post(ORDERS, order(1, "03708"), c.auth());
        assertEquals(409, noNotice.status());
        assertEquals("NOTICE_NOT_ACKED", noNotice.code());
        assertEquals(204, app.api().post("/api/v1/sittings/271/notice-ack", "", c.auth()).status());
        assertEquals(204, app.api().post("/api/v1/sittings/271/notice-ack", "", c.auth()).status());
        Api.Reply wrongMajor = app.api().post(ORDERS, order(1, "03706"), c.auth());
        assertEquals(400, wrongMajor.status());
        assertEquals("COURSE_NOT_OFFERED", wrongMajor.code());
        Api.Reply wrongSlot = app.api().post(ORDERS, order(3, "03708"), c.auth());
        assertEquals("COURSE_NOT_OFFERED", wrongSlot.code());
        assertEquals("VALIDATION", app.api().post(ORDERS, "{\"selections\": 5}", c.auth()).code());
        assertEquals("VALIDATION", app.api().post(ORDERS, "{\"selections\": []}", c.auth()).code());
        assertEquals("VALIDATION", app.api().post(ORDERS, "not json", c.auth()).code());
        assertEquals(404, app.api().post("/api/v1/sittings/999/orders", order(1, "03708"), c.auth()).status());
        assertEquals(201, app.api().post(ORDERS, order(1, "03708"), c.auth()).status());
    }

    @Test
    @DisplayName("cancelling an UNPAID order voids it and gives its seats back at once; a second cancel is ORDER_NOT_CANCELLABLE")
    void cancelReturnsSeats() {
        Candidates.Candidate c = Candidates.one(app, "0300", "030301");
        assertEquals(3, left("0300", 3));
        String id = app.api().post(ORDERS, order(3, "00107"), c.auth()).json().getString("orderId");
        assertEquals(2, left("0300", 3));
        Api.Reply second = app.api().post(ORDERS, order(4, "04729"), c.auth());
        assertEquals(409, second.status());
        assertEquals("OPEN_ORDER_EXISTS", second.code());
        assertEquals(3, left("0300", 4));
        assertEquals(204, app.api().delete("/api/v1/orders/" + id, c.auth()).status());
        assertEquals(3, left("0300", 3));
        assertEquals("VOID", app.api().get("/api/v1/orders/" + id, c.auth()).json().getString("status"));
        Api.Reply again = app.api().delete("/api/v1/orders/" + id, c.auth());
        assertEquals(409, again.status());
        assertEquals("ORDER_NOT_CANCELLABLE", again.code());
        Api.Reply reorder = app.api().post(ORDERS, order(3, "00107"), c.auth());
        assertEquals(201, reorder.status(), reorder.text());
        assertEquals(7600, reorder.json().getInteger("totalFen"), "the fee is asked again: no paid order carries it");
    }

    @Test
    @DisplayName("考籍更改 answers OPEN_ORDER_EXISTS while an order is open and ORDER_PAID once one is paid")
    void changeEnrollment() {
        Candidates.Candidate c = Candidates.one(app, "0400", "030301");
        Map<String, Object> to0100 = Map.of("sittingCode", "271", "areaCode", "0100", "majorCode", "080901");
        Api.Reply ok = app.api().put("/api/v1/me/enrollment", to0100, c.auth());
        assertEquals(200, ok.status(), ok.text());
        assertEquals(new JsonObject(to0100), ok.json());
        assertEquals("VALIDATION", app.api().put("/api/v1/me/enrollment",
                Map.of("sittingCode", "271", "areaCode", "9999", "majorCode", "080901"), c.auth()).code());

        String id = app.api().post(ORDERS, order(1, "03708"), c.auth()).json().getString("orderId");
        Api.Reply open = app.api().put("/api/v1/me/enrollment", to0100, c.auth());
        assertEquals(409, open.status());
        assertEquals("OPEN_ORDER_EXISTS", open.code());
        Candidates.exec(app, "UPDATE exam_order SET status = 'PAID', paid_at = now() WHERE id = '" + id + "'");
        Api.Reply paid = app.api().put("/api/v1/me/enrollment", to0100, c.auth());
        assertEquals(409, paid.status());
        assertEquals("ORDER_PAID", paid.code());
    }

    @Test
    @DisplayName("the selection shows the major's courses per slot, seats left in the area, and what the candidate holds")
    void selection() {
        Candidates.Candidate c = Candidates.one(app, "0400", "080901");
        app.api().post(ORDERS, order(1, "03708"), c.auth());
        Api.Reply r = app.api().get("/api/v1/sittings/271/selection", c.auth());
        assertEquals(200, r.status(), r.text());
        JsonObject s = r.json();
        assertEquals("0400", s.getString("areaCode"));
        assertTrue(s.getBoolean("noticeAcked"));
        JsonObject slot1 = s.getJsonArray("slots").getJsonObject(0);
        assertEquals(new JsonArray().add(new JsonObject().put("code", "03708").put("name", "中国近现代史纲要").put("feeFen", 3600)),
                slot1.getJsonArray("courses"));
        assertEquals(500, slot1.getInteger("capacity"));
        assertEquals("03708", slot1.getJsonObject("held").getString("courseCode"));
        assertEquals("HELD", slot1.getJsonObject("held").getString("status"));
        assertFalse(s.getJsonArray("slots").getJsonObject(1).containsKey("held"));
        assertEquals(new JsonArray(), s.getJsonArray("slots").getJsonObject(2).getJsonArray("courses"));
    }

    @Test
    @DisplayName("/metrics carries orders placed, orders by status and seats left per area-slot")
    void businessMetrics() throws InterruptedException {
        Candidates.Candidate c = Candidates.one(app, "0400", "030301");
        assertEquals(201, app.api().post(ORDERS, order(4, "04729"), c.auth()).status());
        String text = "";
        for (int i = 0; i < 80 && !text.contains("zikao_seats_left{area=\"0400\""); i++) {
            Thread.sleep(100);
            text = app.api().get("/metrics").text();
        }
        assertTrue(text.contains("zikao_orders_placed_total"), "orders placed");
        assertTrue(text.contains("zikao_orders{status=\"UNPAID\"}"), "orders by status");
        assertTrue(text.contains("zikao_seats_left{area=\"0400\",sitting=\"271\",slot=\"4\"}"), "seats left");
    }

    @Test
    @DisplayName("an order follows the area PostgreSQL holds even when 考籍更改 happened elsewhere after the last order")
    void orderFollowsTheStoredArea() {
        Candidates.Candidate c = Candidates.one(app, "0300", "030301");
        String first = app.api().post(ORDERS, order(2, "00018"), c.auth()).json().getString("orderId");
        assertEquals(204, app.api().delete("/api/v1/orders/" + first, c.auth()).status());
        Candidates.exec(app, "UPDATE candidate SET area_code = '0200' WHERE id = " + c.id());
        int before = left("0200", 2);
        Api.Reply r = app.api().post(ORDERS, order(2, "00018"), c.auth());
        assertEquals(201, r.status(), r.text());
        assertEquals(1, Candidates.count(app, "SELECT count(*) FROM enrollment WHERE area_code = '0200' AND order_id = '"
                + r.json().getString("orderId") + "'"));
        assertEquals(before - 1, left("0200", 2));
        assertEquals(3, left("0300", 2), "nothing left behind in the old area");
    }
}
