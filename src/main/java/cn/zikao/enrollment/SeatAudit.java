package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-heal: per area, Redis's free seats and claims against PostgreSQL's rows, so that a Redis that lost
 * part of an area but kept its epoch is noticed. Expected per slot: capacity − held − seats of reservations whose
 * order PostgreSQL does not know yet; claims: held + those reservations' slots. Redis is read in one script, then
 * PostgreSQL in one statement, then Redis's change counter again: a pass counts only if nothing changed in Redis
 * meanwhile, and an area is rebuilt (under a new epoch, race-free against orders) only when two passes in a row
 * found it differing, so that a give-back still on its way after its PostgreSQL commit is never taken for a loss.
 */
final class SeatAudit {
    private static final Logger LOG = LoggerFactory.getLogger(SeatAudit.class);
    private static final int QUIET_TRIES = 5;

    private final RedisStore redis;
    private final Pool pg;
    private final SeatLedger ledger;
    private final Map<String, String> differing = new ConcurrentHashMap<>();

    SeatAudit(RedisStore redis, Pool pg, SeatLedger ledger) {
        this.redis = redis;
        this.pg = pg;
        this.ledger = ledger;
    }

    /** One pass over an area; true if it rebuilt the area. */
    Future<Boolean> audit(ExamPlan.Sitting sitting, ExamPlan.Area area) {
        String key = sitting.code() + "/" + area.code();
        return observe(sitting, area, QUIET_TRIES).compose(diff -> {
            if (diff == null) {
                return Future.succeededFuture(false);
            }
            if (diff.isEmpty()) {
                differing.remove(key);
                return Future.succeededFuture(false);
            }
            if (differing.put(key, diff) == null) {
                LOG.info("seat guard of {} differs from PostgreSQL ({}); checking again next pass", key, diff);
                return Future.succeededFuture(false);
            }
            differing.remove(key);
            LOG.warn("seat guard of {} differs from PostgreSQL two passes running ({}): rebuilding it", key, diff);
            return ledger.rebuildNow(sitting, area);
        });
    }

    /** The differences seen in a quiet moment ("" = none), or null if Redis never stood still. */
    private Future<String> observe(ExamPlan.Sitting sitting, ExamPlan.Area area, int tries) {
        String s = sitting.code();
        String a = area.code();
        List<String> keys = new ArrayList<>(List.of(SeatLedger.metaKey(s, a), SeatLedger.claimsKey(s, a), SeatLedger.pendingKey(s, a)));
        sitting.slots().forEach(slot -> keys.add(SeatLedger.freeKey(s, a, slot.no())));
        return redis.eval(GuardScripts.AUDIT, keys, List.of()).compose(r -> {
            if (r.get(0).toString().isEmpty()) {
                // Lost or being rebuilt: the usual rebuild, which waits for any other instance's.
                return ledger.rebuild(sitting, area).map("");
            }
            int n = sitting.slots().size();
            List<SeatGuard.Pending> pending = new ArrayList<>();
            for (int i = 3 + n; i < r.size(); i++) {
                pending.add(SeatGuard.Pending.parse(r.get(i).toString()));
            }
            UUID[] ids = pending.stream().map(SeatGuard.Pending::orderId).toArray(UUID[]::new);
            return pg.preparedQuery(OrderSql.AREA_AUDIT).execute(Tuple.of(s, a, ids)).compose(rows ->
                    redis.api().hget(SeatLedger.metaKey(s, a), "ver").compose(ver -> {
                        if (ver == null || !ver.toString().equals(r.get(1).toString())) {
                            return tries > 1 ? observe(sitting, area, tries - 1) : Future.succeededFuture(null);
                        }
                        return Future.succeededFuture(differences(sitting, area, r, pending, rows));
                    }));
        });
    }

    private static String differences(ExamPlan.Sitting sitting, ExamPlan.Area area, Response redis,
                                      List<SeatGuard.Pending> pending, Iterable<Row> rows) {
        Map<Integer, Long> held = new HashMap<>();
        Set<UUID> known = new HashSet<>();
        for (Row row : rows) {
            if (row.getUUID("order_id") != null) {
                known.add(row.getUUID("order_id"));
            } else {
                held.put(row.getInteger("slot_no"), row.getLong("held"));
            }
        }
        Map<Integer, Long> reserved = new HashMap<>();
        for (SeatGuard.Pending p : pending) {
            if (!known.contains(p.orderId())) {
                p.seats().forEach(seat -> reserved.merge(seat.slotNo(), 1L, Long::sum));
            }
        }
        List<String> diff = new ArrayList<>();
        long claims = 0;
        for (int i = 0; i < sitting.slots().size(); i++) {
            int slot = sitting.slots().get(i).no();
            long h = held.getOrDefault(slot, 0L);
            long r = reserved.getOrDefault(slot, 0L);
            claims += h + r;
            long expected = area.seats().get(slot) - h - r;
            long free = redis.get(3 + i).toLong();
            if (free != expected) {
                diff.add("slot " + slot + " free " + free + ", expected " + expected);
            }
        }
        if (redis.get(2).toLong() != claims) {
            diff.add("claims " + redis.get(2).toLong() + ", expected " + claims);
        }
        return String.join("; ", diff);
    }
}
