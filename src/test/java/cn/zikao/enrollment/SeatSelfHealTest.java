package cn.zikao.enrollment;

import static cn.zikao.enrollment.Candidates.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.platform.RedisStore;
import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** Redis losing part of an area while orders run: the reconcile puts it right, exactly, without an operator. */
class SeatSelfHealTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_PLAN", "src/test/resources/plans/enrollment-small.yaml");

    private static final String ORDERS = "/api/v1/sittings/271/orders";
    private static final int WORKERS = 40;
    private static final int CYCLES = 6;

    private static DriftRepair repair() {
        RedisStore redis = app.app().platform().redis();
        SeatLedger ledger = new SeatLedger(redis, app.app().platform().pg());
        return new DriftRepair(app.app().plan(), redis, app.app().platform().pg(),
                new SeatGuard(redis, ledger, app.app().platform().pg()), new SeatAudit(redis, app.app().platform().pg(), ledger),
                app.clock());
    }

    private static long held(String area, int slot) {
        return Candidates.count(app, "SELECT count(*) FROM enrollment WHERE area_code = '" + area + "' AND slot_no = " + slot);
    }

    /** Orders until PostgreSQL has it (503 while an area is rebuilt, SEATS_FULL while a set is lost); the order id. */
    private static String placed(Candidates.Candidate c, Map<String, Object> body, Map<String, AtomicLong> outcomes) {
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until) {
            Api.Reply r = app.api().post(ORDERS, body, c.auth());
            outcomes.computeIfAbsent(r.status() + (r.status() == 201 ? "" : " " + r.code()), k -> new AtomicLong()).incrementAndGet();
            if (r.status() == 201) {
                return r.json().getString("orderId");
            }
            sleep(20);
        }
        throw new AssertionError("no order within a minute: " + outcomes);
    }

    @Test
    @DisplayName("a deleted free set, a stale claim, a lost pending set and a failed give-back, while 40 candidates order: repaired to free = capacity − held on every slot, check clean")
    void partialLossUnderConcurrentOrders() throws Exception {
        List<Candidates.Candidate> who = Candidates.create(app, WORKERS, "0400", "030301", true);
        Candidates.Candidate stale = Candidates.one(app, "0400", "030301");
        Candidates.Candidate voided = Candidates.one(app, "0400", "030301");
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> work = new ArrayList<>();
        for (Candidates.Candidate c : who) {
            work.add(pool.submit(() -> {
                for (int i = 0; i < CYCLES; i++) {
                    String id = placed(c, order(1, "03706", 2, "00018"), outcomes);
                    assertEquals(204, app.api().delete("/api/v1/orders/" + id, c.auth()).status());
                }
                placed(c, order(1, "03706", 2, "00018"), outcomes);
            }));
        }
        DriftRepair repair = repair();
        String voidedOrder = app.api().post(ORDERS, order(3, "00107"), voided.auth()).json().getString("orderId");
        try (UnifiedJedis redis = app.redis()) {
            sleep(100);
            redis.del(SeatLedger.freeKey("271", "0400", 1));
            repair.repairAll().await();
            redis.hset(SeatLedger.claimsKey("271", "0400"), stale.id() + ":4", "04729");
            // A reservation that never reaches PostgreSQL, whose pending entry is then lost: its seat is gone from Redis.
            SeatGuard guard = new SeatGuard(app.app().platform().redis(), new SeatLedger(app.app().platform().redis(),
                    app.app().platform().pg()), app.app().platform().pg());
            assertEquals("OK", guard.admit("271", "0400", 777_777L, UUID.randomUUID(),
                    List.of(new SeatGuard.Selection(0, 3, "00107")), app.clock().millis()).await().outcome());
            redis.del(SeatLedger.pendingKey("271", "0400"));
            // PostgreSQL voids an order whose give-back never reaches Redis.
            Candidates.exec(app, "UPDATE exam_order SET status = 'VOID', voided_at = now(), void_reason = 'EXPIRED' WHERE id = '"
                    + voidedOrder + "'");
            Candidates.exec(app, "DELETE FROM enrollment WHERE order_id = '" + voidedOrder + "'");
            while (work.stream().anyMatch(f -> !f.isDone())) {
                repair.repairAll().await();
                sleep(200);
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();

            repair.repairAll().await();
            repair.repairAll().await();

            assertEquals(WORKERS, held("0400", 1), outcomes.toString());
            assertEquals(WORKERS, held("0400", 2), outcomes.toString());
            assertEquals(0, held("0400", 3));
            assertEquals(0, held("0400", 4));
            for (int slot = 1; slot <= 4; slot++) {
                assertEquals(500 - held("0400", slot), redis.scard(SeatLedger.freeKey("271", "0400", slot)), "slot " + slot);
            }
            assertEquals(2 * WORKERS, redis.hlen(SeatLedger.claimsKey("271", "0400")), "claims: the workers' two slots each");
            assertEquals(0, redis.zcard(SeatLedger.pendingKey("271", "0400")));
            assertEquals((CYCLES + 1) * WORKERS, outcomes.get("201").get(), outcomes.toString());
            assertTrue(outcomes.keySet().stream().allMatch(k -> k.equals("201") || k.equals("503 SERVICE_UNAVAILABLE")
                            || k.equals("409 SEATS_FULL")),
                    outcomes.toString());
        }
        Check.Report report = app.app().enrollment().check();
        assertEquals(List.of(), report.violations());
        assertEquals(201, app.api().post(ORDERS, order(3, "00107"), voided.auth()).status(), "the voided order's slot is free");
    }

    @Test
    @DisplayName("a claim PostgreSQL does not back never answers SLOT_TAKEN (one it backs does: OrderApiTest)")
    void staleClaimIsCheckedAgainstPostgres() {
        Candidates.Candidate c = Candidates.one(app, "0200", "030301");
        try (UnifiedJedis redis = app.redis()) {
            redis.hset(SeatLedger.claimsKey("271", "0200"), c.id() + ":1", "03706");
            Api.Reply r = app.api().post(ORDERS, order(1, "03706"), c.auth());
            assertEquals(201, r.status(), r.text());
            assertEquals("03706", redis.hget(SeatLedger.claimsKey("271", "0200"), c.id() + ":1"), "claimed by the order now");
            assertEquals(204, app.api().delete("/api/v1/orders/" + r.json().getString("orderId"), c.auth()).status());
        }
    }

    @Test
    @DisplayName("a stale claim beside a pending entry left by an order PostgreSQL has (cancelled since) is dropped; one beside a reservation in flight is not")
    void pendingEntryOfAStoredOrderIsNotInFlight() {
        Candidates.Candidate c = Candidates.one(app, "0200", "030301");
        Api.Reply first = app.api().post(ORDERS, order(1, "03706"), c.auth());
        assertEquals(201, first.status(), first.text());
        String cancelled = first.json().getString("orderId");
        assertEquals(204, app.api().delete("/api/v1/orders/" + cancelled, c.auth()).status());
        try (UnifiedJedis redis = app.redis()) {
            // the cancel's give-back came first, the settle of the order is still on its way
            redis.hset(SeatLedger.claimsKey("271", "0200"), c.id() + ":1", "03706");
            redis.zadd(SeatLedger.pendingKey("271", "0200"), app.clock().millis(), cancelled + "|" + c.id() + "|1:7:03706");
            Api.Reply r = app.api().post(ORDERS, order(1, "03706"), c.auth());
            assertEquals(201, r.status(), r.text());
            assertEquals(204, app.api().delete("/api/v1/orders/" + r.json().getString("orderId"), c.auth()).status());
            redis.zrem(SeatLedger.pendingKey("271", "0200"), cancelled + "|" + c.id() + "|1:7:03706");

            // a reservation PostgreSQL does not know yet is in flight: its claim stands
            String inFlight = UUID.randomUUID() + "|" + c.id() + "|1:8:03706";
            redis.hset(SeatLedger.claimsKey("271", "0200"), c.id() + ":1", "03706");
            redis.zadd(SeatLedger.pendingKey("271", "0200"), app.clock().millis(), inFlight);
            Api.Reply refused = app.api().post(ORDERS, order(1, "03706"), c.auth());
            assertEquals(409, refused.status(), refused.text());
            assertEquals("SLOT_TAKEN", refused.code());
            redis.zrem(SeatLedger.pendingKey("271", "0200"), inFlight);
            redis.hdel(SeatLedger.claimsKey("271", "0200"), c.id() + ":1");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
