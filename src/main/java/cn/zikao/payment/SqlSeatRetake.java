package cn.zikao.payment;

import cn.zikao.enrollment.SeatLedger;
import cn.zikao.platform.RedisStore;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Retakes through PostgreSQL's own guard: the order's released enrolment rows become PAID again under a
 * savepoint; the partial unique indexes (seat, slot, course) and the capacity trigger refuse if anything was
 * taken meanwhile, and the savepoint undoes the attempt. Redis then drops those seat numbers from its free
 * lists, so it never hands them out again.
 */
final class SqlSeatRetake implements SeatRetake {
    static final String RETAKE_ENROLLMENTS = """
            UPDATE enrollment SET status = 'PAID' WHERE order_id = $1 AND status = 'RELEASED'
            RETURNING sitting_code, area_code, slot_no, seat_no""";
    static final String REVIVE_ORDER = """
            UPDATE exam_order SET status = 'PAID', paid_at = $2, void_reason = NULL WHERE id = $1 AND status = 'VOID'""";
    /** unique_violation, check_violation (capacity trigger). */
    private static final Set<String> REFUSED = Set.of("23505", "23514");
    /** KEYS: free lists; ARGV: one seat number per key. */
    private static final String TAKE = """
            for i = 1, #KEYS do redis.call('LREM', KEYS[i], 0, ARGV[i]) end
            return #KEYS
            """;

    private final RedisStore redis;

    SqlSeatRetake(RedisStore redis) {
        this.redis = redis;
    }

    @Override
    public Future<Retaken> retake(SqlConnection cn, UUID orderId, Instant paidAt) {
        return cn.query("SAVEPOINT retake").execute()
                .compose(v -> cn.preparedQuery(RETAKE_ENROLLMENTS).execute(Tuple.of(orderId)))
                .compose(rows -> cn.preparedQuery(REVIVE_ORDER).execute(Tuple.of(orderId, paidAt.atOffset(ZoneOffset.UTC)))
                        .map(v -> {
                            List<Seat> seats = new ArrayList<>();
                            for (Row r : rows) {
                                seats.add(new Seat(r.getString("sitting_code"), r.getString("area_code"),
                                        r.getInteger("slot_no"), r.getInteger("seat_no")));
                            }
                            return new Retaken(seats);
                        }))
                .compose(r -> cn.query("RELEASE SAVEPOINT retake").execute().map(r))
                .recover(e -> e instanceof PgException pg && REFUSED.contains(pg.getSqlState())
                        ? cn.query("ROLLBACK TO SAVEPOINT retake").execute().map(v -> (Retaken) null)
                        : Future.failedFuture(e));
    }

    @Override
    public Future<Void> settle(Retaken retaken) {
        if (retaken.seats().isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<?>> all = new ArrayList<>();
        for (Seat s : retaken.seats()) {
            all.add(redis.eval(TAKE, List.of(SeatLedger.freeKey(s.sitting(), s.area(), s.slotNo())),
                    List.of(String.valueOf(s.seatNo()))));
        }
        return Future.all(all).mapEmpty();
    }
}
