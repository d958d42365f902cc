package cn.zikao.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.zikao.platform.ConfigException;
import cn.zikao.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plan file at start-up: a bad one stops the service, a changed capacity changes the seats left. */
class PlanStartupTest {
    private static final Path SHIPPED = Path.of("config/exam-plan.yaml");

    @RegisterExtension
    static final TestApp app = TestApp.create();

    @AfterEach
    void shippedPlanAgain() {
        app.stop();
        app.env("ZIKAO_PLAN", SHIPPED.toString());
        app.start();
    }

    private static Path variant(String name, String from, String to) throws Exception {
        String plan = Files.readString(SHIPPED);
        if (!plan.contains(from)) {
            throw new IllegalStateException("the shipped plan no longer contains " + from);
        }
        Path p = Files.createDirectories(Path.of("target/test-data")).resolve(name);
        Files.writeString(p, plan.replace(from, to));
        return p;
    }

    @Test
    @DisplayName("a start-up with a bad ZIKAO_PLAN stops with a message naming the field")
    void badPlanStopsStartUp() throws Exception {
        Path bad = variant("plan-bad-slot.yaml", "{code: \"04729\", name: 大学语文, feeFen: 3600, slotNo: 4}",
                "{code: \"04729\", name: 大学语文, feeFen: 3600, slotNo: 7}");
        app.stop();
        app.env("ZIKAO_PLAN", bad.toString());
        ConfigException e = assertThrows(ConfigException.class, app::start);
        assertEquals("exam plan: sittings[0].courses[3].slotNo: 7 is not a slot of sitting 271", e.getMessage());
    }

    @Test
    @DisplayName("changing a capacity in the plan and restarting changes the seats left and the stored capacity")
    void capacityChangeAfterRestart() throws Exception {
        assertEquals(3000, app.api().get("/api/v1/plan/271/seats?area=0100").array().getJsonObject(0).getInteger("left"));
        Path more = variant("plan-more-seats.yaml", "seats: {1: 3000, 2: 3000, 3: 3000, 4: 3000}",
                "seats: {1: 3500, 2: 3000, 3: 3000, 4: 2500}");
        app.stop();
        app.env("ZIKAO_PLAN", more.toString());
        app.start();
        var seats = app.api().get("/api/v1/plan/271/seats?area=0100").array();
        assertEquals(3500, seats.getJsonObject(0).getInteger("capacity"));
        assertEquals(3500, seats.getJsonObject(0).getInteger("left"));
        assertEquals(3000, seats.getJsonObject(1).getInteger("left"));
        assertEquals(2500, seats.getJsonObject(3).getInteger("left"));
        assertEquals(300, app.api().get("/api/v1/plan/271/seats?area=0700").array().getJsonObject(0).getInteger("left"));
        try (Connection c = app.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT capacity FROM area_slot_capacity WHERE sitting_code = '271' AND area_code = '0100' ORDER BY slot_no")) {
            int[] expected = {3500, 3000, 3000, 2500};
            for (int cap : expected) {
                rs.next();
                assertEquals(cap, rs.getInt(1));
            }
        }
        try (var redis = app.redis()) {
            assertEquals(2500L, redis.scard("zk:{271:0100}:free:4"));
        }
    }
}
