package cn.zikao.enrollment;

import static cn.zikao.enrollment.Candidates.order;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zikao.platform.RedisStore;
import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

class OrderExpiryTest {
    /** The small plan, but registration closes 20 minutes from now, so the clock can pass it while sessions live. */
    private static final Instant CLOSES = Instant.now().plus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_PLAN", closingSoonPlan());

    private static String closingSoonPlan() {
        try {
            Path plan = Files.createTempFile("plan-closing-soon", ".yaml");
            Files.writeString(plan, Files.readString(Path.of("src/test/resources/plans/enrollment-small.yaml"))
                    .replace("registrationClosesAt: 2027-03-20T18:00:00+08:00", "registrationClosesAt: " + CLOSES));
            plan.toFile().deleteOnExit();
            return plan.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String ORDERS = "/api/v1/sittings/271/orders";

    @AfterEach
    void realTime() {
        app.clock().setNow(Instant.now());
    }

    /** Straight from Redis: the guard this test drives is not the service's own, whose shown counts lag by 250 ms. */
    private static long free(String area, int slot) {
        try (UnifiedJedis j = app.redis()) {
            return j.scard(SeatLedger.freeKey("271", area, slot));
        }
    }

    private static int left(String area, int slot) {
        return app.api().get("/api/v1/plan/271/seats?area=" + area).array().getJsonObject(slot - 1).getInteger("left");
    }

    @Test
    @DisplayName("an UNPAID order is VOID within seconds of expiresAt and its seats return")
    void expiryReturnsSeats() throws InterruptedException {
        Candidates.Candidate c = Candidates.one(app, "0300", "030301");
        Api.Reply r = app.api().post(ORDERS, order(1, "03706", 4, "04729"), c.auth());
        assertEquals(201, r.status(), r.text());
        String id = r.json().getString("orderId");
        assertEquals(2, left("0300", 1));
        app.clock().advance(Duration.ofSeconds(1795));
        Thread.sleep(1500);
        assertEquals("UNPAID", status(id), "not before expiresAt");
        app.clock().advance(Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!"VOID".equals(status(id)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("VOID", status(id));
        assertEquals(3, left("0300", 1));
        assertEquals(3, left("0300", 4));
        assertEquals(0, Candidates.count(app, "SELECT count(*) FROM enrollment WHERE order_id = '" + id + "'"));
        try (UnifiedJedis redis = app.redis()) {
            assertEquals(0, redis.hlen(SeatLedger.claimsKey("271", "0300")));
        }
    }

    private static String status(String orderId) {
        return Candidates.count(app, "SELECT count(*) FROM exam_order WHERE status = 'VOID' AND id = '" + orderId + "'") == 1
                ? "VOID" : "UNPAID";
    }

    @Test
    @DisplayName("outside the registration window an order is REGISTRATION_CLOSED")
    void closedWindow() {
        Candidates.Candidate c = Candidates.one(app, "0100", "030301");
        app.clock().setNow(CLOSES);
        Api.Reply late = app.api().post(ORDERS, order(1, "03706"), c.auth());
        assertEquals(409, late.status(), late.text());
        assertEquals("REGISTRATION_CLOSED", late.code());
        app.clock().setNow(Instant.parse("2026-11-01T00:59:59Z"));
        Api.Reply early = app.api().post(ORDERS, order(1, "03706"), c.auth());
        assertEquals("REGISTRATION_CLOSED", early.code());
        assertEquals(0, Candidates.count(app, "SELECT count(*) FROM exam_order"));
    }

    @Test
    @DisplayName("a Redis reservation that never reached PostgreSQL is given back by the drift repair after a minute")
    void driftRepairReturnsOrphanReservations() {
        RedisStore redis = app.app().platform().redis();
        SeatLedger ledger = new SeatLedger(redis, app.app().platform().pg());
        SeatGuard guard = new SeatGuard(redis, ledger, app.app().platform().pg());
        DriftRepair repair = new DriftRepair(app.app().plan(), redis, app.app().platform().pg(), guard,
                new SeatAudit(redis, app.app().platform().pg(), ledger), app.clock());
        SeatGuard.Admission a = guard.admit("271", "0200", 424242L, UUID.randomUUID(),
                List.of(new SeatGuard.Selection(0, 2, "00018")), app.clock().millis()).await();
        assertEquals("OK", a.outcome());
        assertEquals(29, free("0200", 2));
        assertEquals(0, repair.repairAll().await(), "not within the first minute");
        app.clock().advance(Duration.ofSeconds(61));
        assertEquals(1, repair.repairAll().await());
        assertEquals(0, repair.repairAll().await(), "once");
        assertEquals(30, free("0200", 2), "the seat is free again");
        try (UnifiedJedis j = app.redis()) {
            assertEquals(0, j.hlen(SeatLedger.claimsKey("271", "0200")));
        }
    }
}
