package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.RedisStore;
import cn.zikao.platform.Sweeper;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on every instance: a Redis reservation whose order has had no PostgreSQL row for more than a minute
 * (a crash or a lost answer between the two steps) gives its seats and slot claims back. The script returns
 * a reservation only if it removes it itself, so instances racing each other return it once. Then each area's
 * counts are compared with PostgreSQL ({@link SeatAudit}), which rebuilds an area Redis lost part of.
 */
final class DriftRepair extends Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(DriftRepair.class);
    static final long GRACE_MS = 60_000;
    private static final long INTERVAL_MS = 10_000;

    private final ExamPlan plan;
    private final RedisStore redis;
    private final Pool pg;
    private final SeatGuard guard;
    private final SeatAudit audit;
    private final Clock clock;

    DriftRepair(ExamPlan plan, RedisStore redis, Pool pg, SeatGuard guard, SeatAudit audit, Clock clock) {
        super("drift repair", INTERVAL_MS);
        this.plan = plan;
        this.redis = redis;
        this.pg = pg;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    protected Future<Integer> sweep() {
        return repairAll();
    }

    /** One pass over every area; the number of reservations returned and of areas rebuilt. */
    Future<Integer> repairAll() {
        List<Future<Integer>> all = new ArrayList<>();
        for (ExamPlan.Sitting s : plan.sittings()) {
            for (ExamPlan.Area a : s.areas()) {
                all.add(repair(s.code(), a.code())
                        .compose(n -> audit.audit(s, a).map(rebuilt -> rebuilt ? n + 1 : n)).onFailure(e -> LOG.warn("drift repair {}/{}: {}", s.code(), a.code(), e.toString())));
            }
        }
        return Future.join(all).transform(ar -> Future.succeededFuture(
                all.stream().filter(Future::succeeded).mapToInt(Future::result).sum()));
    }

    private Future<Integer> repair(String sitting, String area) {
        String pending = SeatLedger.pendingKey(sitting, area);
        long before = clock.millis() - GRACE_MS;
        return redis.api().zrangebyscore(List.of(pending, "-inf", String.valueOf(before), "LIMIT", "0", "200"))
                .compose(r -> {
                    List<SeatGuard.Pending> stale = new ArrayList<>();
                    for (Response m : r) {
                        stale.add(SeatGuard.Pending.parse(m.toString()));
                    }
                    if (stale.isEmpty()) {
                        return Future.succeededFuture(0);
                    }
                    UUID[] ids = stale.stream().map(SeatGuard.Pending::orderId).toArray(UUID[]::new);
                    return pg.preparedQuery(OrderSql.ORDERS_FOUND).execute(Tuple.of(ids)).compose(rows -> {
                        Set<UUID> stored = new HashSet<>();
                        for (Row row : rows) {
                            stored.add(row.getUUID("id"));
                        }
                        List<Future<Boolean>> done = new ArrayList<>();
                        for (SeatGuard.Pending p : stale) {
                            done.add(stored.contains(p.orderId())
                                    ? redis.api().zrem(List.of(pending, p.member())).map(false)
                                    : guard.repair(sitting, area, p));
                        }
                        return Future.all(done).map(v -> (int) done.stream().filter(Future::result).count());
                    });
                });
    }
}
