package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Times;
import io.vertx.core.Future;
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
    public enum Retake { RETAKEN, SEATS_GONE, SITTING_GONE, NOT_VOID }

    private final Pool pg;
    private final SeatGuard guard;
    private final ExamPlan plan;
    private final Clock clock;

    OrderLedger(Pool pg, SeatGuard guard, ExamPlan plan, Clock clock) {
        this.pg = pg;
        this.guard = guard;
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

    /**
     * UNPAID|PAYING → PAID and its seats HELD → PAID; not {@code changed} if the order was not open. {@code db}: pool or
     * transaction. A registration fee that another paid order of the sitting carries already is answered as
     * {@code feeRefundFen}: the order is flagged and that part of its payment is the candidate's to get back.
     */
    public Future<Paid> markPaid(SqlClient db, UUID orderId, Instant paidAt) {
        return db.preparedQuery(OrderSql.MARK_PAID).execute(Tuple.of(orderId, paidAt.atOffset(Times.CHINA))).map(rows -> {
            Row r = rows.iterator().next();
            return new Paid(r.getLong("changed") == 1, r.getBoolean("fee_twice") ? r.getInteger("fee_fen") : 0);
        });
    }

    /** What {@link #markPaid} did. */
    public record Paid(boolean changed, int feeRefundFen) {}

    /** What re-taking the seats of a VOID order gave, and the seats Redis is told about once it is committed. */
    public static final class Retaken {
        private final Retake outcome;
        private final int feeRefundFen;
        private final String sitting;
        private final String area;
        private final long candidateId;
        private final List<SeatGuard.Seat> seats;

        private Retaken(Retake outcome, int feeRefundFen, String sitting, String area, long candidateId, List<SeatGuard.Seat> seats) {
            this.outcome = outcome;
            this.feeRefundFen = feeRefundFen;
            this.sitting = sitting;
            this.area = area;
            this.candidateId = candidateId;
            this.seats = seats;
        }

        private static Retaken not(Retake outcome) {
            return new Retaken(outcome, 0, null, null, 0, List.of());
        }

        public Retake outcome() {
            return outcome;
        }

        /** The registration fee paid twice by this order (another paid order of the sitting carries it), or 0. */
        public int feeRefundFen() {
            return feeRefundFen;
        }
    }

    /**
     * A VOID order that was paid after all takes seats for its courses again, inside {@code tx} (the order row locked
     * by {@link #lockForPayment}), so that the payment is recorded in the same commit whatever the outcome: RETAKEN (the
     * order PAID), SEATS_GONE (a seat or the candidate's slot is no longer to be had), SITTING_GONE (the plan no longer
     * has the sitting, area or course) or NOT_VOID. PostgreSQL alone decides; Redis hears of the seats afterwards
     * ({@link #retakenToRedis}), and the self-heal repairs it if it never does.
     */
    public Future<Retaken> retakeSeats(SqlClient tx, UUID orderId, Instant paidAt) {
        return tx.preparedQuery(OrderSql.VOID_ORDER_COURSES).execute(Tuple.of(orderId)).compose(rows -> {
            if (!rows.iterator().hasNext() || !"VOID".equals(rows.iterator().next().getString("status"))) {
                return Future.succeededFuture(Retaken.not(Retake.NOT_VOID));
            }
            return inPlan(rows) ? retake(tx, orderId, paidAt, RETAKE_TRIES) : Future.succeededFuture(Retaken.not(Retake.SITTING_GONE));
        });
    }

    /** Tries of a retake whose seats concurrent orders took while it inserted, before it says SEATS_GONE. */
    private static final int RETAKE_TRIES = 3;

    private boolean inPlan(RowSet<Row> lines) {
        Row first = lines.iterator().next();
        ExamPlan.Sitting sitting = plan.sitting(first.getString("sitting_code")).orElse(null);
        if (sitting == null || sitting.area(first.getString("area_code")).isEmpty()) {
            return false;
        }
        for (Row r : lines) {
            String course = r.getString("course_code");
            if (course == null || sitting.course(course).filter(c -> c.slotNo() == r.getInteger("slot_no")).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private Future<Retaken> retake(SqlClient tx, UUID orderId, Instant paidAt, int tries) {
        return tx.preparedQuery(OrderSql.RETAKE).execute(Tuple.of(orderId, paidAt.atOffset(Times.CHINA))).compose(rows -> {
            Row first = rows.iterator().next();
            if (first.getLong("void") == 0) {
                return Future.succeededFuture(Retaken.not(Retake.NOT_VOID));
            }
            if (first.getLong("paid") == 1) {
                List<SeatGuard.Seat> seats = new ArrayList<>();
                rows.forEach(r -> seats.add(new SeatGuard.Seat(r.getInteger("slot_no"), r.getInteger("seat_no"), r.getString("course_code"))));
                return tx.preparedQuery(OrderSql.VOID_ORDER_COURSES).execute(Tuple.of(orderId)).map(o -> {
                    Row order = o.iterator().next();
                    return new Retaken(Retake.RETAKEN, first.getBoolean("fee_twice") ? first.getInteger("fee_fen") : 0,
                            order.getString("sitting_code"), order.getString("area_code"), order.getLong("candidate_id"), seats);
                });
            }
            if (!first.getBoolean("possible") || tries <= 1) {
                return tx.preparedQuery(OrderSql.DROP_RETAKEN).execute(Tuple.of(orderId)).map(Retaken.not(Retake.SEATS_GONE));
            }
            return tx.preparedQuery(OrderSql.DROP_RETAKEN).execute(Tuple.of(orderId)).compose(v -> retake(tx, orderId, paidAt, tries - 1));
        });
    }

    /**
     * After the commit of a retake: its seats leave Redis's free sets and its slots are claimed. A failure is only
     * logged; the self-heal finds the difference and rebuilds the area from PostgreSQL.
     */
    public Future<Void> retakenToRedis(Retaken r) {
        if (r.outcome != Retake.RETAKEN || r.seats.isEmpty()) {
            return Future.succeededFuture();
        }
        return guard.taken(r.sitting, r.area, r.candidateId, r.seats)
                .onFailure(e -> LOG.warn("telling Redis of retaken seats in {}/{}: {} (the self-heal repairs it)",
                        r.sitting, r.area, e.toString()));
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
