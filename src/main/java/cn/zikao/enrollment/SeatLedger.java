package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.RedisStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Seats in Redis: per sitting × area × slot a set of free seat numbers, seeded 1..capacity minus the seat
 * numbers PostgreSQL holds, and the slots each candidate holds (see {@link GuardScripts}). The {@code meta}
 * hash carries an epoch; when Redis loses it, the area is rebuilt from PostgreSQL ({@link SeatRebuild}) and
 * admissions are refused meanwhile.
 */
final class SeatLedger {
    /**
     * How long seat counts shown to candidates (seats endpoint, selection) may be reused: many concurrent readers
     * of an area share one Redis read. Seats this instance hands out or takes back drop the area's count at once;
     * another instance's orders show within this time. Orders themselves always ask Redis and PostgreSQL.
     */
    static final long SHOWN_MAX_AGE_MS = 250;

    /** A count being read or read at {@code atNanos}. */
    private record Shown(long atNanos, Promise<Map<Integer, Long>> left) {}

    private final RedisStore redis;
    private final SeatRebuild rebuilder;
    private final Map<String, Future<Boolean>> rebuilding = new ConcurrentHashMap<>();
    private final Map<String, Shown> shown = new ConcurrentHashMap<>();

    public SeatLedger(RedisStore redis, Pool pg) {
        this.redis = redis;
        this.rebuilder = new SeatRebuild(redis, pg);
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

    static String claimsKey(String sitting, String area) {
        return "zk:" + tag(sitting, area) + ":claims";
    }

    static String pendingKey(String sitting, String area) {
        return "zk:" + tag(sitting, area) + ":pending";
    }

    static String leaseKey(String sitting, String area) {
        return "zk:" + tag(sitting, area) + ":rebuild";
    }

    static String stageFreeKey(String sitting, String area, int slotNo) {
        return "zk:" + tag(sitting, area) + ":stage:free:" + slotNo;
    }

    static String stageClaimsKey(String sitting, String area) {
        return "zk:" + tag(sitting, area) + ":stage:claims";
    }

    /** Seats left per slot of an area, or a failed future with {@link LedgerNotReady} if Redis lost the area. */
    public Future<Map<Integer, Long>> left(ExamPlan.Sitting sitting, String area) {
        List<String> keys = new ArrayList<>();
        keys.add(metaKey(sitting.code(), area));
        sitting.slots().forEach(s -> keys.add(freeKey(sitting.code(), area, s.no())));
        return redis.eval(GuardScripts.LEFT, keys, List.of()).compose(r -> {
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

    /** Seats left as {@link #left}, read at most {@link #SHOWN_MAX_AGE_MS} ago: for display only. */
    public Future<Map<Integer, Long>> shownLeft(ExamPlan.Sitting sitting, String area) {
        String key = sitting.code() + ":" + area;
        long now = System.nanoTime();
        Shown s = shown.get(key);
        if (s == null || now - s.atNanos() > TimeUnit.MILLISECONDS.toNanos(SHOWN_MAX_AGE_MS)) {
            Shown mine = new Shown(now, Promise.promise());
            boolean won = s == null ? shown.putIfAbsent(key, mine) == null : shown.replace(key, s, mine);
            if (!won) {
                return left(sitting, area);
            }
            left(sitting, area).onComplete(ar -> {
                if (ar.failed()) {
                    shown.remove(key, mine);
                }
                mine.left().handle(ar);
            });
            s = mine;
        }
        return onCallersContext(s.left().future());
    }

    /** This instance changed the area's free sets: the next shown count reads Redis again. */
    void changed(String sitting, String area) {
        shown.remove(sitting + ":" + area);
    }

    /** A shared read completes on the thread of whoever started it; each reader continues on its own context. */
    private static <T> Future<T> onCallersContext(Future<T> shared) {
        Context caller = Vertx.currentContext();
        if (caller == null) {
            return shared;
        }
        Promise<T> mine = Promise.promise();
        shared.onComplete(ar -> caller.runOnContext(v -> mine.handle(ar)));
        return mine.future();
    }

    /**
     * Rebuilds an area that Redis lost. Runs only while the area has no epoch (admissions are refused then) and no
     * rebuild runs anywhere, and one rebuild per area at a time in this instance; the answer says whether this
     * call rebuilt it.
     */
    public Future<Boolean> rebuild(ExamPlan.Sitting sitting, ExamPlan.Area area) {
        String key = sitting.code() + ":" + area.code();
        return rebuilding.computeIfAbsent(key, k -> rebuild(sitting, area, false)
                .onComplete(ar -> rebuilding.remove(k)));
    }

    /** Rebuilds an area from PostgreSQL whatever Redis holds ({@code rebuild-redis}, changed capacities, self-heal). */
    public Future<Boolean> rebuildNow(ExamPlan.Sitting sitting, ExamPlan.Area area) {
        return rebuild(sitting, area, true);
    }

    private Future<Boolean> rebuild(ExamPlan.Sitting sitting, ExamPlan.Area area, boolean force) {
        changed(sitting.code(), area.code());
        return rebuilder.run(sitting, area, force).onComplete(ar -> changed(sitting.code(), area.code()));
    }

    /**
     * Primes every area that Redis does not hold, and rebuilds those it holds with other capacities than the
     * plan's. Areas already primed with the same capacities are left alone, so a second instance starting does
     * not disturb the first.
     */
    public Future<Void> primeMissing(ExamPlan plan) {
        List<Future<Boolean>> all = new ArrayList<>();
        for (ExamPlan.Sitting s : plan.sittings()) {
            for (ExamPlan.Area a : s.areas()) {
                all.add(redis.api().hgetall(metaKey(s.code(), a.code())).compose(meta -> {
                    if (meta == null || !meta.containsKey("epoch")) {
                        return rebuild(s, a);
                    }
                    return sameCapacities(meta, s, a) ? Future.succeededFuture(false) : rebuildNow(s, a);
                }));
            }
        }
        return Future.all(all).mapEmpty();
    }

    /** Also false for an area primed with free lists, before the free sets. */
    private static boolean sameCapacities(Response meta, ExamPlan.Sitting s, ExamPlan.Area a) {
        if (meta.get("layout") == null || !"set".equals(meta.get("layout").toString())) {
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
