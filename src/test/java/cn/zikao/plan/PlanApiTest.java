package cn.zikao.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlanApiTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();

    @Test
    @DisplayName("the plan lists the open sitting with its seven areas, four slots, majors, courses and fees, and the order hold time")
    void planListsTheSitting() {
        Api.Reply r = app.api().get("/api/v1/plan");
        assertEquals(200, r.status(), r.text());
        JsonObject s = r.json().getJsonArray("sittings").getJsonObject(0);
        assertEquals("271", s.getString("code"));
        assertEquals(4000, s.getInteger("registrationFeeFen"));
        assertEquals("2026-11-01T09:00:00+08:00", s.getString("registrationOpensAt"));
        assertEquals(7, s.getJsonArray("areas").size());
        assertEquals(new JsonObject().put("code", "0100").put("name", "拉萨考区"), s.getJsonArray("areas").getJsonObject(0));
        assertEquals(4, s.getJsonArray("slots").size());
        assertEquals("2027-04-17T09:00:00+08:00", s.getJsonArray("slots").getJsonObject(0).getString("startsAt"));
        JsonObject major = s.getJsonArray("majors").getJsonObject(0);
        assertEquals("030301", major.getString("code"));
        assertEquals("专科", major.getString("level"));
        JsonObject course = major.getJsonArray("courses").getJsonObject(2);
        assertEquals(new JsonObject().put("code", "00018").put("name", "计算机应用基础").put("feeFen", 3600).put("slotNo", 2), course);
        assertEquals(app.config().orders().holdSeconds(), r.json().getInteger("orderHoldSeconds"));
    }

    @Test
    @DisplayName("seats left equal the capacity of every slot before anyone orders")
    void seatsEqualCapacity() {
        Api.Reply r = app.api().get("/api/v1/plan/271/seats?area=0700");
        assertEquals(200, r.status(), r.text());
        JsonArray seats = r.array();
        assertEquals(4, seats.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(new JsonObject().put("slotNo", i + 1).put("capacity", 300).put("left", 300), seats.getJsonObject(i));
        }
    }

    @Test
    @DisplayName("seats are primed again from PostgreSQL when Redis has lost them")
    void seatsSurviveRedisLoss() {
        try (var redis = app.redis()) {
            redis.flushDB();
        }
        Api.Reply r = app.api().get("/api/v1/plan/271/seats?area=0100");
        assertEquals(200, r.status(), r.text());
        assertEquals(3000, r.array().getJsonObject(3).getInteger("left"));
    }

    @Test
    @DisplayName("an unknown area is a 400 VALIDATION problem, an unknown sitting a 404 NOT_FOUND problem")
    void badSeatQueries() {
        Api.Reply unknownArea = app.api().get("/api/v1/plan/271/seats?area=9999");
        assertEquals(400, unknownArea.status());
        assertEquals("application/problem+json", unknownArea.header("Content-Type"));
        assertEquals("VALIDATION", unknownArea.code());
        assertEquals("area", unknownArea.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        Api.Reply missingArea = app.api().get("/api/v1/plan/271/seats");
        assertEquals("VALIDATION", missingArea.code());
        Api.Reply unknownSitting = app.api().get("/api/v1/plan/999/seats?area=0100");
        assertEquals(404, unknownSitting.status());
        assertEquals("NOT_FOUND", unknownSitting.code());
    }

    @Test
    @DisplayName("health is UP and ready answers 200 while both stores answer")
    void healthAndReady() {
        assertEquals(new JsonObject().put("status", "UP"), app.api().get("/health").json());
        Api.Reply ready = app.api().get("/ready");
        assertEquals(200, ready.status(), ready.text());
        assertTrue(ready.json().getString("postgres").equals("UP") && ready.json().getString("redis").equals("UP"));
    }
}
