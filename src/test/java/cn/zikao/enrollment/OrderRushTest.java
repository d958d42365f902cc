package cn.zikao.enrollment;

import static cn.zikao.enrollment.Candidates.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

class OrderRushTest {
    @RegisterExtension
    // the rushes here are about the seat guard, not admission: room enough that none is BUSY
    static final TestApp app = TestApp.create().env("ZIKAO_PLAN", "src/test/resources/plans/enrollment-small.yaml")
            .env("ZIKAO_WORK_ORDERS", "200:200");

    private static final String ORDERS = "/api/v1/sittings/271/orders";

    private static List<Api.Reply> rush(List<Candidates.Candidate> who, Map<String, Object> body) {
        List<CompletableFuture<Api.Reply>> all = new ArrayList<>();
        for (Candidates.Candidate c : who) {
            all.add(app.api().postAsync(ORDERS, body, c.auth()));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    private static Map<String, Long> outcomes(List<Api.Reply> replies) {
        return new TreeMap<>(replies.stream().collect(Collectors.groupingBy(
                r -> r.status() + (r.code() == null ? "" : " " + r.code()), Collectors.counting())));
    }

    private static long held(String area, int slot) {
        return Candidates.count(app, "SELECT count(*) FROM enrollment WHERE area_code = '" + area
                + "' AND slot_no = " + slot);
    }

    @Test
    @DisplayName("200 candidates ordering at once for 20 seats get exactly 20 orders and 180 SEATS_FULL")
    void rushForTwentySeats() {
        List<Candidates.Candidate> who = Candidates.create(app, 200, "0100", "030301", true);
        Map<String, Long> out = outcomes(rush(who, order(1, "03706")));
        assertEquals(Map.of("201", 20L, "409 SEATS_FULL", 180L), out);
        assertEquals(20, held("0100", 1));
        assertEquals(20, Candidates.count(app, "SELECT count(DISTINCT seat_no) FROM enrollment WHERE area_code = '0100' AND slot_no = 1"));
        try (UnifiedJedis redis = app.redis()) {
            assertEquals(0, redis.scard(SeatLedger.freeKey("271", "0100", 1)));
        }
    }

    @Test
    @DisplayName("one candidate racing 5 orders gets exactly one; the others are SLOT_TAKEN or OPEN_ORDER_EXISTS and keep no seat")
    void oneCandidateRacesFiveOrders() {
        Candidates.Candidate c = Candidates.one(app, "0200", "030301");
        List<Candidates.Candidate> same = List.of(c, c, c, c, c);
        List<CompletableFuture<Api.Reply>> all = new ArrayList<>();
        Object[][] bodies = {{2, "00018"}, {2, "12656"}, {3, "00107"}, {4, "04729"}, {1, "00312"}};
        for (int i = 0; i < 5; i++) {
            all.add(app.api().postAsync(ORDERS, order(bodies[i]), same.get(i).auth()));
        }
        List<Api.Reply> replies = all.stream().map(CompletableFuture::join).toList();
        assertEquals(1, replies.stream().filter(r -> r.status() == 201).count(), outcomes(replies).toString());
        assertTrue(replies.stream().filter(r -> r.status() != 201)
                .allMatch(r -> r.status() == 409 && ("SLOT_TAKEN".equals(r.code()) || "OPEN_ORDER_EXISTS".equals(r.code()))),
                outcomes(replies).toString());
        assertEquals(1, Candidates.count(app, "SELECT count(*) FROM exam_order WHERE candidate_id = " + c.id()));
        assertEquals(1, Candidates.count(app, "SELECT count(*) FROM enrollment WHERE candidate_id = " + c.id()));
        long free = 0;
        try (UnifiedJedis redis = app.redis()) {
            for (int slot = 1; slot <= 4; slot++) {
                free += redis.scard(SeatLedger.freeKey("271", "0200", slot));
            }
            assertEquals(1, redis.hlen(SeatLedger.claimsKey("271", "0200")));
        }
        assertEquals(4 * 30 - 1, free, "the refused orders gave their seats back");
    }

    @Test
    @DisplayName("Redis wiped in the middle of a rush: PostgreSQL stays within capacity, the rebuild matches it, check passes")
    void redisWipedMidRush() throws Exception {
        List<Candidates.Candidate> who = Candidates.create(app, 160, "0400", "030301", true);
        List<CompletableFuture<Api.Reply>> all = new ArrayList<>();
        for (int i = 0; i < who.size(); i++) {
            all.add(app.api().postAsync(ORDERS, order(1, "03706"), who.get(i).auth()));
            if (i == 60) {
                try (UnifiedJedis redis = app.redis()) {
                    redis.flushDB();
                }
            }
        }
        List<Api.Reply> replies = all.stream().map(CompletableFuture::join).toList();
        Map<String, Long> out = outcomes(replies);
        assertTrue(out.keySet().stream().allMatch(k -> k.equals("201") || k.equals("503 SERVICE_UNAVAILABLE")
                || k.equals("409 SEATS_FULL")), out.toString());
        long created = out.getOrDefault("201", 0L);
        assertEquals(created, held("0400", 1), out.toString());
        assertTrue(created <= 500);

        Api.Reply seats = app.api().get("/api/v1/plan/271/seats?area=0400");
        assertEquals(200, seats.status(), seats.text());
        assertEquals(500 - created, seats.array().getJsonObject(0).getLong("left").longValue(), out.toString());
        try (UnifiedJedis redis = app.redis()) {
            assertEquals(500 - created, redis.scard(SeatLedger.freeKey("271", "0400", 1)));
        }
        app.app().enrollment().primeSeats().await();
        Check.Report report = Check.run(app.app().plan(), app.app().platform().pg(), app.app().platform().redis());
        assertEquals(List.of(), report.violations());
        assertTrue(report.ok());

        List<Candidates.Candidate> late = Candidates.create(app, 5, "0400", "030301", true);
        assertEquals(Map.of("201", 5L), outcomes(rush(late, order(1, "03706"))), "orders flow again after the rebuild");
    }
}
