package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.RedisStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Rebuilds one area's seat guard from a PostgreSQL snapshot under a new epoch: begin (admissions answer
 * REBUILDING from then on), stage the free sets and claims in chunks of {@link #CHUNK} so that no script holds
 * Redis for more than a few milliseconds even at a million seats, switch atomically, then apply what PostgreSQL
 * committed since the snapshot. A lease keeps concurrent rebuilds of one area (any instance) from interleaving.
 */
final class SeatRebuild {
    static final int CHUNK = 10_000;
    private static final long LEASE_MS = 30_000;

    /** One active enrolment as the guard sees it. */
    record Held(long candidateId, int slotNo, int seatNo, String courseCode) {}

    private final RedisStore redis;
    private final Pool pg;

    SeatRebuild(RedisStore redis, Pool pg) {
        this.redis = redis;
        this.pg = pg;
    }

    /** True if this call rebuilt the area; false if another rebuild holds it or took it over. */
    Future<Boolean> run(ExamPlan.Sitting sitting, ExamPlan.Area area, boolean force) {
        String s = sitting.code();
        String a = area.code();
        String epoch = UUID.randomUUID().toString();
        String lease = SeatLedger.leaseKey(s, a);
        return snapshot(s, a).compose(before -> {
            List<Supplier<Future<Boolean>>> steps = new ArrayList<>();
            List<String> stages = new ArrayList<>(List.of(SeatLedger.stageClaimsKey(s, a)));
            sitting.slots().forEach(slot -> stages.add(SeatLedger.stageFreeKey(s, a, slot.no())));
            List<String> beginKeys = new ArrayList<>(List.of(SeatLedger.metaKey(s, a), lease));
            beginKeys.addAll(stages);
            steps.add(() -> step(GuardScripts.REBUILD_BEGIN, beginKeys, List.of(epoch, force ? "1" : "0", String.valueOf(LEASE_MS))));
            for (ExamPlan.Slot slot : sitting.slots()) {
                TreeSet<Integer> held = new TreeSet<>();
                before.stream().filter(h -> h.slotNo() == slot.no()).forEach(h -> held.add(h.seatNo()));
                int cap = area.seats().get(slot.no());
                for (int lo = 1; lo <= cap; lo += CHUNK) {
                    List<String> args = new ArrayList<>(List.of(epoch, String.valueOf(LEASE_MS), String.valueOf(lo),
                            String.valueOf(Math.min(cap, lo + CHUNK - 1))));
                    held.subSet(lo, true, lo + CHUNK - 1, true).forEach(n -> args.add(String.valueOf(n)));
                    List<String> keys = List.of(lease, SeatLedger.stageFreeKey(s, a, slot.no()));
                    steps.add(() -> step(GuardScripts.REBUILD_SEATS, keys, args));
                }
            }
            List<Held> claims = new ArrayList<>(before);
            for (int i = 0; i < claims.size(); i += CHUNK) {
                List<String> args = new ArrayList<>(List.of(epoch, String.valueOf(LEASE_MS)));
                claims.subList(i, Math.min(claims.size(), i + CHUNK))
                        .forEach(h -> args.addAll(List.of(h.candidateId() + ":" + h.slotNo(), h.courseCode())));
                steps.add(() -> step(GuardScripts.REBUILD_CLAIMS, List.of(lease, SeatLedger.stageClaimsKey(s, a)), args));
            }
            steps.add(() -> finish(sitting, area, epoch));
            return inTurn(steps.iterator()).compose(done -> done
                    ? snapshot(s, a).compose(after -> reconcile(sitting, area, epoch, before, after)).map(true)
                    : Future.succeededFuture(false));
        });
    }

    private Future<Boolean> finish(ExamPlan.Sitting sitting, ExamPlan.Area area, String epoch) {
        String s = sitting.code();
        String a = area.code();
        List<String> keys = new ArrayList<>(List.of(SeatLedger.metaKey(s, a), SeatLedger.leaseKey(s, a),
                SeatLedger.claimsKey(s, a), SeatLedger.pendingKey(s, a), SeatLedger.stageClaimsKey(s, a)));
        List<String> args = new ArrayList<>(List.of(epoch));
        sitting.slots().forEach(slot -> keys.add(SeatLedger.freeKey(s, a, slot.no())));
        sitting.slots().forEach(slot -> {
            keys.add(SeatLedger.stageFreeKey(s, a, slot.no()));
            args.add(String.valueOf(slot.no()));
            args.add(String.valueOf(area.seats().get(slot.no())));
        });
        return step(GuardScripts.REBUILD_FINISH, keys, args);
    }

    private Future<Boolean> step(cn.zikao.platform.LuaScript lua, List<String> keys, List<String> args) {
        return redis.eval(lua, keys, args).map(r -> r.toInteger() == 1);
    }

    /** Runs the steps one after another, stopping at the first that answers false. */
    private static Future<Boolean> inTurn(Iterator<Supplier<Future<Boolean>>> steps) {
        if (!steps.hasNext()) {
            return Future.succeededFuture(true);
        }
        return steps.next().get().compose(ok -> ok ? inTurn(steps) : Future.succeededFuture(false));
    }

    /** What PostgreSQL committed between the snapshot the rebuild used and now goes into Redis too. */
    private Future<Void> reconcile(ExamPlan.Sitting sitting, ExamPlan.Area area, String epoch, Set<Held> before, Set<Held> after) {
        List<String> args = new ArrayList<>();
        args.add(epoch);
        for (Held h : after) {
            if (!before.contains(h)) {
                args.addAll(List.of("take", String.valueOf(GuardScripts.slotIndex(sitting, h.slotNo())), String.valueOf(h.seatNo()), ""));
                args.addAll(List.of("claim", "1", h.candidateId() + ":" + h.slotNo(), h.courseCode()));
            }
        }
        for (Held h : before) {
            if (!after.contains(h)) {
                args.addAll(List.of("free", String.valueOf(GuardScripts.slotIndex(sitting, h.slotNo())), String.valueOf(h.seatNo()), ""));
                args.addAll(List.of("unclaim", "1", h.candidateId() + ":" + h.slotNo(), h.courseCode()));
            }
        }
        if (args.size() == 1) {
            return Future.succeededFuture();
        }
        List<String> keys = new ArrayList<>();
        keys.add(SeatLedger.metaKey(sitting.code(), area.code()));
        keys.add(SeatLedger.claimsKey(sitting.code(), area.code()));
        sitting.slots().forEach(slot -> keys.add(SeatLedger.freeKey(sitting.code(), area.code(), slot.no())));
        return redis.eval(GuardScripts.RECONCILE, keys, args).mapEmpty();
    }

    private Future<Set<Held>> snapshot(String sitting, String area) {
        return pg.preparedQuery(OrderSql.AREA_HELD).execute(Tuple.of(sitting, area)).map(rows -> {
            Set<Held> held = new HashSet<>();
            for (Row row : rows) {
                held.add(new Held(row.getLong("candidate_id"), row.getInteger("slot_no"), row.getInteger("seat_no"),
                        row.getString("course_code")));
            }
            return held;
        });
    }
}
