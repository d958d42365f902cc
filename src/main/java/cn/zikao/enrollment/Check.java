package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.RedisStore;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code zikao check}: every violation of invariants 1, 2, 4 and 6 (numbered as in the README) that PostgreSQL holds, and every area-slot
 * where the Redis free count differs from capacity minus the seats PostgreSQL holds. Runs from a plain thread.
 */
public final class Check {
    private static final Map<String, String> QUERIES = new java.util.LinkedHashMap<>();

    static {
        QUERIES.put("invariant 1, seats over capacity", """
                SELECT e.sitting_code || '/' || e.area_code || ' slot ' || e.slot_no || ': ' || count(*) || ' held, capacity '
                       || min(c.capacity) FROM enrollment e
                  JOIN area_slot_capacity c USING (sitting_code, area_code, slot_no)
                 GROUP BY e.sitting_code, e.area_code, e.slot_no HAVING count(*) > min(c.capacity)""");
        QUERIES.put("invariant 1, seat held twice", """
                SELECT sitting_code || '/' || area_code || ' slot ' || slot_no || ' seat ' || seat_no || ': ' || count(*) || ' holders'
                  FROM enrollment
                 GROUP BY sitting_code, area_code, slot_no, seat_no HAVING count(*) > 1""");
        QUERIES.put("invariant 1, seat beyond capacity", """
                SELECT e.sitting_code || '/' || e.area_code || ' slot ' || e.slot_no || ' seat ' || e.seat_no FROM enrollment e
                  JOIN area_slot_capacity c USING (sitting_code, area_code, slot_no)
                 WHERE e.seat_no > c.capacity""");
        QUERIES.put("invariant 2, two courses in one slot", """
                SELECT 'candidate ' || candidate_id || ' sitting ' || sitting_code || ' slot ' || slot_no || ': ' || count(*) || ' courses'
                  FROM enrollment
                 GROUP BY candidate_id, sitting_code, slot_no HAVING count(*) > 1""");
        QUERIES.put("invariant 2, same course twice", """
                SELECT 'candidate ' || candidate_id || ' sitting ' || sitting_code || ' course ' || course_code
                  FROM enrollment
                 GROUP BY candidate_id, sitting_code, course_code HAVING count(*) > 1""");
        QUERIES.put("invariant 4, two open orders", """
                SELECT 'candidate ' || candidate_id || ' sitting ' || sitting_code || ': ' || count(*) || ' open orders'
                  FROM exam_order WHERE status IN ('UNPAID', 'PAYING')
                 GROUP BY candidate_id, sitting_code HAVING count(*) > 1""");
        QUERIES.put("invariant 6, order total is not the sum of its lines", """
                SELECT 'order ' || o.id || ': total ' || o.total_fen || ', lines ' || coalesce(sum(l.amount_fen), 0)
                  FROM exam_order o LEFT JOIN order_line l ON l.order_id = o.id
                 GROUP BY o.id HAVING o.total_fen <> coalesce(sum(l.amount_fen), 0)""");
        QUERIES.put("invariant 6, paid amount is not the order total", """
                SELECT 'order ' || o.id || ': total ' || o.total_fen || ', paid ' || p.amount_fen || ' (' || p.transaction_id || ')'
                  FROM payment p JOIN exam_order o ON o.id = p.order_id
                 WHERE p.status = 'APPLIED' AND p.amount_fen <> o.total_fen""");
        QUERIES.put("invariant 6, paid order with unpaid seats", """
                SELECT 'order ' || o.id || ' is ' || o.status || ', seat ' || e.slot_no || '/' || e.seat_no || ' is ' || e.status
                  FROM exam_order o JOIN enrollment e ON e.order_id = o.id
                 WHERE (o.status = 'PAID' AND e.status = 'HELD') OR (o.status IN ('UNPAID', 'PAYING') AND e.status = 'PAID')""");
    }

    private static final String HELD_PER_SLOT = """
            SELECT sitting_code, area_code, slot_no, count(*) AS held FROM enrollment
             GROUP BY sitting_code, area_code, slot_no""";

    /** The outcome: violations, one line each, and a one-line summary. */
    public record Report(List<String> violations, String summary) {
        public boolean ok() {
            return violations.isEmpty();
        }
    }

    private Check() {}

    /** Checks PostgreSQL and Redis; blocks the calling thread (never an event loop). */
    public static Report run(ExamPlan plan, Pool pg, RedisStore redis) {
        List<String> violations = new ArrayList<>();
        QUERIES.forEach((what, sql) -> {
            for (Row r : await(pg.query(sql).execute())) {
                violations.add(what + ": " + r.getString(0));
            }
        });
        Map<String, Long> held = new HashMap<>();
        for (Row r : await(pg.query(HELD_PER_SLOT).execute())) {
            held.put(r.getString("sitting_code") + "/" + r.getString("area_code") + "/" + r.getInteger("slot_no"), r.getLong("held"));
        }
        int slots = 0;
        for (ExamPlan.Sitting s : plan.sittings()) {
            for (ExamPlan.Area a : s.areas()) {
                Response epoch = await(redis.api().hget(SeatLedger.metaKey(s.code(), a.code()), "epoch"));
                if (epoch == null) {
                    violations.add("Redis has no seat ledger for " + s.code() + "/" + a.code() + " (run rebuild-redis)");
                    continue;
                }
                for (ExamPlan.Slot slot : s.slots()) {
                    slots++;
                    long free = await(redis.api().scard(SeatLedger.freeKey(s.code(), a.code(), slot.no()))).toLong();
                    long pgHeld = held.getOrDefault(s.code() + "/" + a.code() + "/" + slot.no(), 0L);
                    long expected = a.seats().get(slot.no()) - pgHeld;
                    if (free != expected) {
                        violations.add("Redis and PostgreSQL disagree: " + s.code() + "/" + a.code() + " slot " + slot.no()
                                + ": Redis free " + free + ", capacity " + a.seats().get(slot.no()) + " - held " + pgHeld
                                + " = " + expected);
                    }
                }
            }
        }
        String summary = violations.isEmpty()
                ? "check: OK, invariants 1, 2, 4 and 6 hold; Redis matches PostgreSQL on " + slots + " area-slots"
                : "check: " + violations.size() + " violation(s)";
        return new Report(List.copyOf(violations), summary);
    }

    private static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("check: a store did not answer in 30 s", e);
        }
    }
}
