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
import java.util.List;
import java.util.Map;

/**
 * Seats in Redis: per sitting × area × slot a list of free seat numbers, seeded 1..capacity minus the seat
 * numbers PostgreSQL holds. All keys of one sitting-area share the hash tag {@code {sitting:area}} so that
 * the scripts touching them run on Redis Cluster. The {@code meta} hash marks a primed area; when Redis loses
 * it, the area is primed again from PostgreSQL.
 */
public final class SeatLedger {
    static final String SEATS_HELD = """
            SELECT slot_no, seat_no FROM enrollment
             WHERE sitting_code = $1 AND area_code = $2 AND status <> 'RELEASED'""";

    /** KEYS: meta, free:<slot>...; ARGV: epoch, then per slot: slotNo, capacity, n, held seat numbers... */
    private static final String PRIME = """
            local meta = KEYS[1]
            local i = 2
            local k = 1
            redis.call('DEL', meta)
            while i <= #ARGV do
              local slot, cap, n = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
              local held = {}
              for j = 1, n do held[ARGV[i + 2 + j]] = true end
              k = k + 1
              redis.call('DEL', KEYS[k])
              local batch = {}
              for s = 1, cap do
                if not held[tostring(s)] then
                  batch[#batch + 1] = s
                  if #batch == 1000 then redis.call('RPUSH', KEYS[k], unpack(batch)); batch = {} end
                end
              end
              if #batch > 0 then redis.call('RPUSH', KEYS[k], unpack(batch)) end
              redis.call('HSET', meta, 'cap:' .. slot, cap)
              i = i + 3 + n
            end
            redis.call('HSET', meta, 'epoch', ARGV[1])
            return 1
            """;

    /** KEYS: meta, free:<slot>...; returns {primed(0|1), left per slot...}. */
    private static final String LEFT = """
            local out = { redis.call('HEXISTS', KEYS[1], 'epoch') }
            for k = 2, #KEYS do out[k] = redis.call('LLEN', KEYS[k]) end
            return out
            """;

    private final RedisStore redis;
    private final Pool pg;

    public SeatLedger(RedisStore redis, Pool pg) {
        this.redis = redis;
        this.pg = pg;
    }

    public static String tag(String sitting, String area) {
        return "{" + sitting + ":" + area + "}";
    }

    public static String metaKey(String sitting, String area) {
        return "zk:" + tag(sitting, area) + ":meta";
    }

    public static String freeKey(String sitting, String area, int slotNo) {
        return "zk:" + tag(sitting, area) + ":free:" + slotNo;
    }

    /** Seats left per slot of an area, or a failed future with {@link LedgerNotReady} if Redis lost the area. */
    public Future<Map<Integer, Long>> left(ExamPlan.Sitting sitting, String area) {
        List<String> keys = new ArrayList<>();
        keys.add(metaKey(sitting.code(), area));
        sitting.slots().forEach(s -> keys.add(freeKey(sitting.code(), area, s.no())));
        return redis.eval(LEFT, keys, List.of()).compose(r -> {
            if (r.get(0).toInteger() == 0) {
                return Future.failedFuture(new LedgerNotReady(sitting.code(), area));
            }
            Map<Integer, Long> left = new HashMap<>();
            for (int i = 0; i < sitting.slots().size(); i++) {
                left.put(sitting.slots().get(i).no(), r.get(i + 1).toLong());
            }
            return Future.succeededFuture(left);
        });
    }

    /** Rebuilds one area's free lists from the seats PostgreSQL holds. */
    public Future<Void> prime(ExamPlan.Sitting sitting, ExamPlan.Area area, String epoch) {
        return pg.preparedQuery(SEATS_HELD).execute(Tuple.of(sitting.code(), area.code())).compose(rows -> {
            Map<Integer, List<String>> held = new HashMap<>();
            for (Row row : rows) {
                held.computeIfAbsent(row.getInteger("slot_no"), k -> new ArrayList<>()).add(String.valueOf(row.getInteger("seat_no")));
            }
            List<String> keys = new ArrayList<>();
            List<String> args = new ArrayList<>();
            keys.add(metaKey(sitting.code(), area.code()));
            args.add(epoch);
            for (ExamPlan.Slot slot : sitting.slots()) {
                keys.add(freeKey(sitting.code(), area.code(), slot.no()));
                List<String> h = held.getOrDefault(slot.no(), List.of());
                args.add(String.valueOf(slot.no()));
                args.add(String.valueOf(area.seats().get(slot.no())));
                args.add(String.valueOf(h.size()));
                args.addAll(h);
            }
            return redis.eval(PRIME, keys, args).<Void>mapEmpty();
        });
    }

    /**
     * Primes every area that Redis does not hold, or holds with other capacities than the plan's.
     * Areas already primed with the same capacities are left alone, so a second instance starting does not
     * disturb the first.
     */
    public Future<Void> primeMissing(ExamPlan plan, String epoch) {
        List<Future<Void>> all = new ArrayList<>();
        for (ExamPlan.Sitting s : plan.sittings()) {
            for (ExamPlan.Area a : s.areas()) {
                all.add(redis.api().hgetall(metaKey(s.code(), a.code()))
                        .compose(meta -> upToDate(meta, s, a) ? Future.<Void>succeededFuture() : prime(s, a, epoch)));
            }
        }
        return Future.all(all).mapEmpty();
    }

    private static boolean upToDate(Response meta, ExamPlan.Sitting s, ExamPlan.Area a) {
        if (meta == null || !meta.containsKey("epoch")) {
            return false;
        }
        for (ExamPlan.Slot slot : s.slots()) {
            Response cap = meta.get("cap:" + slot.no());
            if (cap == null || cap.toInteger().intValue() != a.seats().get(slot.no())) {
                return false;
            }
        }
        return true;
    }

    /** Redis holds no ledger for this area (wiped or restarted): answer 503 and rebuild rather than guess. */
    public static final class LedgerNotReady extends RuntimeException {
        public final String sitting;
        public final String area;

        LedgerNotReady(String sitting, String area) {
            super("seat ledger of " + sitting + "/" + area + " is being rebuilt", null, false, false);
            this.sitting = sitting;
            this.area = area;
        }
    }
}
