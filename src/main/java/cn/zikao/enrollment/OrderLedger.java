package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Times;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state changes of an order after it is placed: UNPAID → PAYING → PAID, UNPAID|PAYING → VOID, and a VOID
 * order paid late taking seats again. PostgreSQL changes first; seats and slot claims return to Redis only
 * when PostgreSQL changed the row, so every step is idempotent and may run on every instance at once.
 */
public final class OrderLedger {
    private static final Logger LOG = LoggerFactory.getLogger(OrderLedger.class);

    /** What re-taking the seats of a VOID order gave. */
    public enum Retake { RETAKEN, SEATS_GONE, NOT_VOID }

    private final Pool pg;
    private final SeatGuard guard;
    private final SeatLedger ledger;
    private final ExamPlan plan;
    private final Clock clock;

    OrderLedger(Pool pg, SeatGuard guard, SeatLedger ledger, ExamPlan plan, Clock clock) {
        this.pg = pg;
        this.guard = guard;
        this.ledger = ledger;
        this.plan = plan;
        this.clock = clock;
    }

    /** An order its candidate is about to pay, as the gateway needs it. */
    public record Payable(String outTradeNo, String status, int totalFen, Instant expiresAt, String codeUrl) {}

    /** An order locked for recording a payment against it. */
    public record Locked(UUID orderId, String status, int totalFen) {}

    /** A PAYING order claimed for asking the gateway about it. */
    public record Paying(UUID orderId, String outTradeNo) {}

    /** The candidate's own order; 404 for anyone else's or none. */
    public Future<Payable> own(long candidateId, UUID orderId) {
        return pg.preparedQuery(OrderSql.OWN_ORDER).execute(Tuple.of(orderId, candidateId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(Problem.notFound());
            }
            Row r = rows.iterator().next();
            return Future.succeededFuture(new Payable(r.getString("out_trade_no"), r.getString("status"),
                    r.getInteger("total_fen"), r.getOffsetDateTime("expires_at").toInstant(), r.getString("code_url")));
        });
    }

    /** UNPAID → PAYING with the gateway's code url; false if the order was not UNPAID. */
    public Future<Boolean> markPaying(UUID orderId, String provider, String codeUrl) {
        return pg.preparedQuery(OrderSql.MARK_PAYING)
                .execute(Tuple.of(orderId, provider, codeUrl, clock.instant().atOffset(Times.CHINA)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The order of this trade number, its row locked until {@code tx} ends; null if there is none. */
    public Future<Locked> lockForPayment(SqlClient tx, String outTradeNo) {
        return tx.preparedQuery(OrderSql.LOCK_FOR_PAYMENT).execute(Tuple.of(outTradeNo)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Locked(r.getUUID("id"), r.getString("status"), r.getInteger("total_fen"));
        });
    }

    /** The status of the order of this trade number, or null. */
    public Future<String> statusOf(String outTradeNo) {
        return pg.preparedQuery(OrderSql.STATUS_OF).execute(Tuple.of(outTradeNo))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("status"));
    }

    /** UNPAID|PAYING → PAID and its seats HELD → PAID; false if the order was not open. {@code db}: pool or transaction. */
    public Future<Boolean> markPaid(SqlClient db, UUID orderId, Instant paidAt) {
        return db.preparedQuery(OrderSql.MARK_PAID).execute(Tuple.of(orderId, paidAt.atOffset(Times.CHINA)))
                .map(rows -> rows.iterator().next().getLong("changed") == 1);
    }

    /**
     * A VOID order that was paid after all: takes seats for its courses through the same Redis guard and
     * PostgreSQL checks as a new order, and marks it PAID; SEATS_GONE if a seat or slot is no longer to be had
     * (the payment is then the caller's REFUND_DUE). 503 while Redis is being rebuilt: try again.
     */
    public Future<Retake> retakeSeats(UUID orderId, Instant paidAt) {
        return pg.preparedQuery(OrderSql.VOID_ORDER_COURSES).execute(Tuple.of(orderId)).compose(rows -> {
            if (!rows.iterator().hasNext() || !"VOID".equals(rows.iterator().next().getString("status"))) {
                return Future.succeededFuture(Retake.NOT_VOID);
            }
            Row first = rows.iterator().next();
            long candidateId = first.getLong("candidate_id");
            ExamPlan.Sitting sitting = plan.sitting(first.getString("sitting_code")).orElseThrow();
            ExamPlan.Area area = sitting.area(first.getString("area_code")).orElseThrow();
            List<SeatGuard.Selection> selections = new ArrayList<>();
            for (Row r : rows) {
                if (r.getInteger("slot_no") != null) {
                    selections.add(new SeatGuard.Selection(selections.size(), r.getInteger("slot_no"), r.getString("course_code")));
                }
            }
            return guard.admit(sitting.code(), area.code(), candidateId, orderId, selections, clock.millis())
                    .compose(a -> {
                        if ("REBUILDING".equals(a.outcome())) {
                            ledger.rebuild(sitting, area);
                            return Future.failedFuture(Problem.unavailable());
                        }
                        return a.admitted() ? retake(orderId, paidAt, candidateId, sitting, area, a)
                                : Future.succeededFuture(Retake.SEATS_GONE);
                    });
        });
    }

    private Future<Retake> retake(UUID orderId, Instant paidAt, long candidateId, ExamPlan.Sitting sitting,
                                  ExamPlan.Area area, SeatGuard.Admission a) {
        Tuple args = Tuple.of(orderId, paidAt.atOffset(Times.CHINA),
                a.seats().stream().map(SeatGuard.Seat::slotNo).toArray(Integer[]::new),
                a.seats().stream().map(SeatGuard.Seat::courseCode).toArray(String[]::new),
                a.seats().stream().map(SeatGuard.Seat::seatNo).toArray(Integer[]::new));
        return pg.preparedQuery(OrderSql.RETAKE).execute(args).compose(rows -> {
            if (rows.iterator().next().getLong("changed") == 1) {
                return guard.settle(sitting.code(), area.code(), candidateId, a).map(Retake.RETAKEN);
            }
            return guard.undo(sitting.code(), area.code(), candidateId, a, List.of()).map(Retake.NOT_VOID);
        }, e -> {
            boolean refused = e instanceof PgException pe && pe.getConstraint() != null
                    && pe.getConstraint().startsWith("enrollment_");
            if (!refused) {
                return guard.undo(sitting.code(), area.code(), candidateId, a, List.of()).compose(v -> Future.failedFuture(e));
            }
            boolean confused = "enrollment_seat_uq".equals(((PgException) e).getConstraint());
            return guard.undo(sitting.code(), area.code(), candidateId, a, confused ? a.seats() : List.of())
                    .map(Retake.SEATS_GONE);
        });
    }

    /** The candidate cancels an UNPAID order: 404 if it is not theirs, 409 ORDER_NOT_CANCELLABLE if not UNPAID. */
    Future<Void> cancel(long candidateId, UUID orderId) {
        return voidOpen(orderId, new String[] {"UNPAID"}, "CANCELLED", candidateId).compose(n -> n == 1
                ? Future.<Void>succeededFuture()
                : pg.preparedQuery(OrderSql.ORDER_OWNER).execute(Tuple.of(orderId)).compose(rows -> {
                    boolean mine = rows.iterator().hasNext() && rows.iterator().next().getLong("candidate_id") == candidateId;
                    return Future.failedFuture(mine ? Refusals.notCancellable() : Problem.notFound());
                }));
    }

    /** One sweep: expired UNPAID orders become VOID and their seats return; the number voided. */
    Future<Integer> expireUnpaid() {
        return pg.preparedQuery(OrderSql.EXPIRE_UNPAID).execute(Tuple.of(clock.instant().atOffset(Times.CHINA)))
                .compose(this::release);
    }

    /**
     * Expired PAYING orders not asked about for {@code recheckSeconds}, each stamped so that one instance asks
     * about it per period.
     */
    public Future<List<Paying>> claimExpiredPaying(int recheckSeconds) {
        Instant now = clock.instant();
        return claim(OrderSql.CLAIM_EXPIRED_PAYING, Tuple.of(now.atOffset(Times.CHINA),
                now.minusSeconds(recheckSeconds).atOffset(Times.CHINA)));
    }

    /**
     * PAYING orders that heard nothing for {@code quietSeconds}, leaving those within {@code expiryMarginSeconds} of
     * expiry to {@link #claimExpiredPaying}, so that this stamp never postpones it.
     */
    public Future<List<Paying>> claimQuietPaying(int quietSeconds, int expiryMarginSeconds) {
        Instant now = clock.instant();
        return claim(OrderSql.CLAIM_QUIET_PAYING, Tuple.of(now.atOffset(Times.CHINA),
                now.minusSeconds(quietSeconds).atOffset(Times.CHINA), now.plusSeconds(expiryMarginSeconds).atOffset(Times.CHINA)));
    }

    private Future<List<Paying>> claim(String sql, Tuple args) {
        return pg.preparedQuery(sql).execute(args).map(rows -> {
            List<Paying> due = new ArrayList<>();
            for (Row r : rows) {
                due.add(new Paying(r.getUUID("id"), r.getString("out_trade_no")));
            }
            return due;
        });
    }

    /** Voids a PAYING order the gateway closed unpaid, and returns its seats; false if it was not PAYING. */
    public Future<Boolean> voidUnpaidPaying(UUID orderId) {
        return voidOpen(orderId, new String[] {"PAYING"}, "EXPIRED", null).map(n -> n == 1);
    }

    private Future<Integer> voidOpen(UUID orderId, String[] states, String reason, Long candidateId) {
        return pg.preparedQuery(OrderSql.VOID)
                .execute(Tuple.of(orderId, states, clock.instant().atOffset(Times.CHINA), reason, candidateId))
                .compose(this::release);
    }

    /** Rows of {@link OrderSql#VOID}: per order, its released seats go back to Redis. */
    private Future<Integer> release(RowSet<Row> rows) {
        Map<UUID, List<Row>> orders = new LinkedHashMap<>();
        for (Row r : rows) {
            orders.computeIfAbsent(r.getUUID("id"), k -> new ArrayList<>()).add(r);
        }
        List<Future<Void>> all = new ArrayList<>();
        orders.forEach((id, rs) -> {
            Row first = rs.get(0);
            List<SeatGuard.Seat> seats = new ArrayList<>();
            for (Row r : rs) {
                if (r.getInteger("seat_no") != null) {
                    seats.add(new SeatGuard.Seat(r.getInteger("slot_no"), r.getInteger("seat_no"), r.getString("course_code")));
                }
            }
            if (!seats.isEmpty()) {
                all.add(guard.release(first.getString("sitting_code"), first.getString("area_code"),
                        first.getLong("candidate_id"), seats)
                        .onFailure(e -> LOG.warn("returning seats of order {}: {} (the self-heal repairs it)", id, e.toString())));
            }
        });
        int n = orders.size();
        return Future.join(all).transform(ar -> Future.succeededFuture(n));
    }
}
