package cn.zikao.payment;

import cn.zikao.enrollment.OrderLedger;
import cn.zikao.platform.Unavailable;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Money received, recorded once (invariant 5 of the README): in one PostgreSQL transaction the payment (unique per provider
 * and transaction id), the order's move to PAID with its seats, and the notification (unique id). The order
 * row is locked first, so copies of one notification, a query answer and the expiry sweep take turns; the
 * second to come finds the payment and changes nothing. Four round trips for the common case: lock and look
 * up, mark paid, insert payment and notification, commit.
 *
 * <p>A payment for a VOID order takes the order's seats again inside the same transaction, from PostgreSQL's rows
 * alone, and is recorded with it: APPLIED with the order PAID, or REFUND_DUE with the reason. Redis hears of the seats
 * after the commit. Should the retake fail for any other reason than PostgreSQL being out of reach, the payment is
 * recorded REFUND_DUE (RETAKE_FAILED) in a transaction of its own, so money received is never left unrecorded.
 */
final class PaymentLedger {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentLedger.class);
    /** Retries of a payment that lost the race for the registration fee to another order of the candidate's sitting. */
    private static final int FEE_RACE_RETRIES = 2;

    /** What one notification or query answer did. */
    enum Outcome {
        /** The order became PAID. */
        APPLIED,
        /** A VOID order whose seats could be taken again became PAID. */
        LATE_APPLIED,
        /** This payment was recorded before; nothing changed. */
        DUPLICATE,
        /** Money with no order to apply it to (order VOID and seats gone, or paid twice, or unknown). */
        REFUND_DUE,
        /** The amount differs from the order's total: recorded for operators, never PAID. */
        AMOUNT_MISMATCH,
        /** Not a successful payment (no money moved); stored and otherwise ignored. */
        IGNORED
    }

    /** Why a payment, or part of it, is due back: the {@code refund_reason} stored with it. */
    enum RefundReason {
        /** No order has this trade number. */
        ORDER_UNKNOWN,
        /** The order was paid by another payment already. */
        ORDER_PAID,
        /** The order was VOID and a seat or the candidate's slot is no longer to be had. */
        SEATS_GONE,
        /** The order was VOID and the plan no longer has its sitting, area or a course in its slot. */
        SITTING_GONE,
        /** The order was VOID and taking its seats again failed. */
        RETAKE_FAILED,
        /** The order is PAID, but another paid order of the sitting carries the registration fee: that part is due back. */
        REGISTRATION_FEE_PAID
    }

    /** A notification's identity, stored beside the outcome; null for a query answer. */
    record Notice(String id, String eventType) {}

    private final Pool pg;
    private final Clock clock;
    private final PaymentMetrics metrics;
    private final OrderLedger orders;

    PaymentLedger(Pool pg, Clock clock, PaymentMetrics metrics, OrderLedger orders) {
        this.pg = pg;
        this.clock = clock;
        this.metrics = metrics;
        this.orders = orders;
    }

    /** Records a verified notification; the future completes only after the commit. */
    Future<Outcome> notified(String provider, Notice notice, GatewayTrade trade) {
        return record(provider, notice, trade).onSuccess(o -> metrics.callback(o.name()));
    }

    /** Records a payment the gateway reported when asked (a lost or late callback). */
    Future<Outcome> queried(String provider, GatewayTrade trade) {
        return record(provider, null, trade);
    }

    private Future<Outcome> record(String provider, Notice notice, GatewayTrade trade) {
        Instant now = clock.instant();
        if (trade.state() != GatewayTrade.TradeState.SUCCESS || trade.transactionId() == null) {
            return pg.withTransaction(cn -> notice(cn, provider, notice, trade, Outcome.IGNORED, now)).map(Outcome.IGNORED);
        }
        Instant paidAt = trade.successTime() == null ? now : trade.successTime();
        return attempt(provider, notice, trade, paidAt, now, true, FEE_RACE_RETRIES)
                .recover(e -> isDuplicatePayment(e) ? Future.succeededFuture(Decision.of(Outcome.DUPLICATE)) : Future.failedFuture(e))
                .onSuccess(d -> report(d, trade))
                .map(Decision::outcome);
    }

    /** What a payment is recorded as; {@code retaken}: the seats a VOID order took again, for Redis after the commit. */
    private record Decision(Outcome outcome, int refundFen, RefundReason reason, OrderLedger.Retaken retaken) {
        static Decision of(Outcome outcome) {
            return new Decision(outcome, 0, null, null);
        }

        static Decision refund(RefundReason reason, GatewayTrade trade) {
            return new Decision(Outcome.REFUND_DUE, trade.amountFen() == null ? 0 : trade.amountFen(), reason, null);
        }

        static Decision paid(Outcome outcome, int feeRefundFen, OrderLedger.Retaken retaken) {
            return new Decision(outcome, feeRefundFen, feeRefundFen > 0 ? RefundReason.REGISTRATION_FEE_PAID : null, retaken);
        }
    }

    /** The retake of a VOID order failed inside the payment's transaction (which rolled back). */
    private static final class RetakeFailed extends RuntimeException {
        RetakeFailed(Throwable cause) {
            super("retake failed: " + cause, cause, false, false);
        }
    }

    private Future<Decision> attempt(String provider, Notice notice, GatewayTrade trade, Instant paidAt, Instant now,
                                     boolean mayRetake, int feeRetries) {
        return pg.withTransaction(cn -> orders.lockForPayment(cn, trade.outTradeNo())
                        .compose(order -> cn.preparedQuery(PaymentSql.PAYMENT_OF).execute(Tuple.of(provider, trade.transactionId()))
                                .compose(known -> known.size() > 0
                                        ? notice(cn, provider, notice, trade, Outcome.DUPLICATE, now).map(Decision.of(Outcome.DUPLICATE))
                                        : decide(cn, trade, order, paidAt, mayRetake)
                                                .compose(d -> insert(cn, provider, notice, trade, order, d, now).map(d)))))
                .onSuccess(d -> {
                    if (d.retaken() != null) {
                        orders.retakenToRedis(d.retaken());
                    }
                })
                .recover(e -> {
                    if (isFeeRace(e) && feeRetries > 0) {
                        return attempt(provider, notice, trade, paidAt, now, mayRetake, feeRetries - 1);
                    }
                    if (e instanceof RetakeFailed && !Unavailable.is(e.getCause()) && !isFeeRace(e)) {
                        LOG.error("ALERT late payment {} for VOID order {}: retake failed ({}); recording it REFUND_DUE",
                                trade.transactionId(), trade.outTradeNo(), e.getCause().toString());
                        return attempt(provider, notice, trade, paidAt, now, false, feeRetries);
                    }
                    return Future.failedFuture(e instanceof RetakeFailed ? e.getCause() : e);
                });
    }

    private Future<Decision> decide(SqlConnection cn, GatewayTrade trade, OrderLedger.Locked order, Instant paidAt, boolean mayRetake) {
        if (order == null) {
            return Future.succeededFuture(Decision.refund(RefundReason.ORDER_UNKNOWN, trade));
        }
        if (!matches(trade, order)) {
            return Future.succeededFuture(Decision.of(Outcome.AMOUNT_MISMATCH));
        }
        UUID id = order.orderId();
        return switch (order.status()) {
            case "UNPAID", "PAYING" -> orders.markPaid(cn, id, paidAt).map(p -> Decision.paid(Outcome.APPLIED, p.feeRefundFen(), null));
            // PAID with no payment applied: left so by an earlier version's two-step retake
            case "PAID" -> cn.preparedQuery(PaymentSql.APPLIED_TO_ORDER).execute(Tuple.of(id)).map(r ->
                    r.iterator().next().getLong("applied") == 0 ? Decision.paid(Outcome.LATE_APPLIED, 0, null)
                            : Decision.refund(RefundReason.ORDER_PAID, trade));
            default -> !mayRetake ? Future.succeededFuture(Decision.refund(RefundReason.RETAKE_FAILED, trade))
                    : orders.retakeSeats(cn, id, paidAt)
                            .<Decision>transform(ar -> ar.failed() ? Future.failedFuture(new RetakeFailed(ar.cause()))
                                    : Future.succeededFuture(retaken(ar.result(), trade)));
        };
    }

    private static Decision retaken(OrderLedger.Retaken r, GatewayTrade trade) {
        return switch (r.outcome()) {
            case RETAKEN -> Decision.paid(Outcome.LATE_APPLIED, r.feeRefundFen(), r);
            case SITTING_GONE -> Decision.refund(RefundReason.SITTING_GONE, trade);
            case SEATS_GONE -> Decision.refund(RefundReason.SEATS_GONE, trade);
            // the order row is locked as VOID: cannot happen, and the money is still recorded
            case NOT_VOID -> Decision.refund(RefundReason.RETAKE_FAILED, trade);
        };
    }

    private static Future<RowSet<Row>> insert(SqlConnection cn, String provider, Notice notice, GatewayTrade trade,
                                              OrderLedger.Locked order, Decision d, Instant now) {
        UUID orderId = order == null ? null : order.orderId();
        Integer amount = trade.amountFen() == null ? 0 : trade.amountFen();
        Object success = trade.successTime() == null ? null : trade.successTime().atOffset(ZoneOffset.UTC);
        String reason = d.reason() == null ? null : d.reason().name();
        return notice == null
                ? cn.preparedQuery(PaymentSql.INSERT_PAYMENT).execute(Tuple.from(new Object[] {provider, trade.transactionId(), orderId,
                        trade.outTradeNo(), amount, success, paymentStatus(d.outcome()), "QUERY", now.atOffset(ZoneOffset.UTC),
                        d.refundFen(), reason}))
                : cn.preparedQuery(PaymentSql.INSERT_PAYMENT_AND_NOTIFICATION).execute(Tuple.from(new Object[] {provider,
                        trade.transactionId(), orderId, trade.outTradeNo(), amount, success, paymentStatus(d.outcome()),
                        now.atOffset(ZoneOffset.UTC), notice.id(), notice.eventType(), d.outcome().name(), d.refundFen(), reason}));
    }

    private static boolean matches(GatewayTrade trade, OrderLedger.Locked order) {
        return trade.amountFen() != null && trade.amountFen() == order.totalFen();
    }

    private static Future<RowSet<Row>> notice(SqlConnection cn, String provider, Notice notice, GatewayTrade trade,
                                              Outcome outcome, Instant now) {
        if (notice == null) {
            return Future.succeededFuture();
        }
        return cn.preparedQuery(PaymentSql.INSERT_NOTIFICATION).execute(Tuple.from(new Object[] {notice.id(), provider,
                notice.eventType(), trade.outTradeNo(), trade.transactionId(), trade.state().name(), trade.amountFen(),
                outcome.name(), now.atOffset(ZoneOffset.UTC)}));
    }

    private void report(Decision d, GatewayTrade trade) {
        switch (d.outcome()) {
            case AMOUNT_MISMATCH -> {
                metrics.payment("AMOUNT_MISMATCH");
                LOG.error("ALERT payment amount mismatch: order {} transaction {} paid {} fen; recorded AMOUNT_MISMATCH, not applied",
                        trade.outTradeNo(), trade.transactionId(), trade.amountFen());
            }
            case REFUND_DUE -> {
                metrics.payment("REFUND_DUE");
                LOG.warn("payment {} for order {} recorded REFUND_DUE ({})", trade.transactionId(), trade.outTradeNo(), d.reason());
            }
            case APPLIED, LATE_APPLIED -> {
                metrics.payment("APPLIED");
                if (d.refundFen() > 0) {
                    metrics.payment("FEE_REFUND_DUE");
                    LOG.warn("payment {} for order {} applied with {} fen due back ({})", trade.transactionId(),
                            trade.outTradeNo(), d.refundFen(), d.reason());
                }
            }
            default -> { }
        }
    }

    private static String paymentStatus(Outcome o) {
        return switch (o) {
            case APPLIED, LATE_APPLIED -> "APPLIED";
            case AMOUNT_MISMATCH -> "AMOUNT_MISMATCH";
            default -> "REFUND_DUE";
        };
    }

    /** Another order of the candidate's sitting was paid with the registration fee while this one was being paid. */
    private static boolean isFeeRace(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PgException pg && "23505".equals(pg.getSqlState()) && "exam_order_fee_once".equals(pg.getConstraint())) {
                return true;
            }
        }
        return false;
    }

    /** Two copies for an unknown order raced to insert the same payment: the other one recorded it. */
    private static boolean isDuplicatePayment(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState())
                && pg.getConstraint() != null && pg.getConstraint().startsWith("payment_provider_transaction_id");
    }
}
