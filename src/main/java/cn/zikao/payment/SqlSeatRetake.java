package cn.zikao.payment;

import cn.zikao.enrollment.SeatLedger;
import cn.zikao.platform.RedisStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Retakes through PostgreSQL's own guard: the order's released enrolment rows become PAID again unless a seat,
 * slot or course of theirs is held by an active row now, or the seat lies beyond a reduced capacity. The
 * order row is locked by the caller; should an admission commit the same seat between the check and the
 * update, the unique index refuses the update, the transaction fails, and the gateway's retry finds the
 * conflict and records REFUND_DUE. Redis then drops the retaken seat numbers from its free lists.
 */
final class SqlSeatRetake implements SeatRetake {
    static final String CONFLICTS = """
            SELECT count(*) AS conflicts FROM enrollment e
             WHERE e.order_id = $1 AND e.status = 'RELEASED'
               AND (EXISTS (SELECT 1 FROM enrollment x
                             WHERE x.status <> 'RELEASED' AND x.sitting_code = e.sitting_code
                               AND ((x.area_code = e.area_code AND x.slot_no = e.slot_no AND x.seat_no = e.seat_no)
                                 OR (x.candidate_id = e.candidate_id AND (x.slot_no = e.slot_no OR x.course_code = e.course_code))))
                 OR e.seat_no > (SELECT capacity FROM area_slot_capacity c
                                  WHERE c.sitting_code = e.sitting_code AND c.area_code = e.area_code AND c.slot_no = e.slot_no))""";
    static final String RETAKE_ENROLLMENTS = """
            UPDATE enrollment SET status = 'PAID' WHERE order_id = $1 AND status = 'RELEASED'
            RETURNING sitting_code, area_code, slot_no, seat_no""";
    static final String REVIVE_ORDER = """
            UPDATE exam_order SET status = 'PAID', paid_at = $2, void_reason = NULL WHERE id = $1 AND status = 'VOID'""";
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
        return cn.preparedQuery(CONFLICTS).execute(Tuple.of(orderId)).compose(c -> c.iterator().next().getLong("conflicts") > 0
                ? Future.succeededFuture(null)
                : cn.preparedQuery(RETAKE_ENROLLMENTS).execute(Tuple.of(orderId))
                        .compose(rows -> cn.preparedQuery(REVIVE_ORDER).execute(Tuple.of(orderId, paidAt.atOffset(ZoneOffset.UTC)))
                                .map(v -> {
                                    List<Seat> seats = new ArrayList<>();
                                    for (Row r : rows) {
                                        seats.add(new Seat(r.getString("sitting_code"), r.getString("area_code"),
                                                r.getInteger("slot_no"), r.getInteger("seat_no")));
                                    }
                                    return new Retaken(seats);
                                })));
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
