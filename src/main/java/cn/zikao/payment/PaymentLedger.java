package cn.zikao.payment;

import cn.zikao.enrollment.OrderLedger;
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
 */
final class PaymentLedger {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentLedger.class);

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
        return attempt(provider, notice, trade, paidAt, now, true)
                .recover(e -> isDuplicatePayment(e) ? Future.succeededFuture(Outcome.DUPLICATE) : Future.failedFuture(e))
                .onSuccess(o -> report(o, trade));
    }

    /** One transaction's result: an outcome, or a VOID order whose seats must be taken again first. */
    private record Step(Outcome outcome, UUID retakeFirst) {}

    /**
     * A VOID order paid late takes seats again first, through the same Redis guard and PostgreSQL checks as a
     * new order (which cannot share this transaction); the second attempt then finds the order PAID with no
     * payment applied and applies this one, or, the seats being gone, finds it VOID and records REFUND_DUE.
     */
    private Future<Outcome> attempt(String provider, Notice notice, GatewayTrade trade, Instant paidAt, Instant now,
                                    boolean mayRetake) {
        return pg.withTransaction(cn -> orders.lockForPayment(cn, trade.outTradeNo())
                        .compose(order -> cn.preparedQuery(PaymentSql.PAYMENT_OF).execute(Tuple.of(provider, trade.transactionId()))
                                .compose(known -> {
                                    boolean recorded = known.size() > 0;
                                    if (order == null) {
                                        return recorded ? duplicate(cn, provider, notice, trade, now)
                                                : apply(cn, provider, notice, trade, null, paidAt, now);
                                    }
                                    if (recorded) {
                                        return cn.preparedQuery(PaymentSql.PROMOTE_TO_APPLIED).execute(Tuple.of(provider, trade.transactionId()))
                                                .compose(v -> duplicate(cn, provider, notice, trade, now));
                                    }
                                    if (mayRetake && "VOID".equals(order.status()) && matches(trade, order)) {
                                        return Future.succeededFuture(new Step(null, order.orderId()));
                                    }
                                    return apply(cn, provider, notice, trade, order, paidAt, now);
                                })))
                .compose(step -> step.retakeFirst() == null ? Future.succeededFuture(step.outcome())
                        : orders.retakeSeats(step.retakeFirst(), paidAt)
                                .onSuccess(r -> LOG.info("late payment {} for VOID order {}: {}", trade.transactionId(),
                                        trade.outTradeNo(), r))
                                .compose(r -> attempt(provider, notice, trade, paidAt, now, false)));
    }

    private static Future<Step> duplicate(SqlConnection cn, String provider, Notice notice, GatewayTrade trade, Instant now) {
        return notice(cn, provider, notice, trade, Outcome.DUPLICATE, now).map(new Step(Outcome.DUPLICATE, null));
    }

    private Future<Step> apply(SqlConnection cn, String provider, Notice notice, GatewayTrade trade, OrderLedger.Locked order,
                               Instant paidAt, Instant now) {
        Future<Outcome> decided;
        if (order == null) {
            decided = Future.succeededFuture(Outcome.REFUND_DUE);
        } else if (!matches(trade, order)) {
            decided = Future.succeededFuture(Outcome.AMOUNT_MISMATCH);
        } else {
            UUID id = order.orderId();
            decided = switch (order.status()) {
                case "UNPAID", "PAYING" -> orders.markPaid(cn, id, paidAt).map(Outcome.APPLIED);
                // PAID with no payment applied: seats retaken for this late payment (or an earlier attempt crashed)
                case "PAID" -> cn.preparedQuery(PaymentSql.APPLIED_TO_ORDER).execute(Tuple.of(id)).map(r ->
                        r.iterator().next().getLong("applied") == 0 ? Outcome.LATE_APPLIED : Outcome.REFUND_DUE);
                default -> Future.succeededFuture(Outcome.REFUND_DUE);
            };
        }
        UUID orderId = order == null ? null : order.orderId();
        Integer amount = trade.amountFen() == null ? 0 : trade.amountFen();
        Object success = trade.successTime() == null ? null : trade.successTime().atOffset(ZoneOffset.UTC);
        return decided.compose(o -> (notice == null
                ? cn.preparedQuery(PaymentSql.INSERT_PAYMENT).execute(Tuple.from(new Object[] {provider, trade.transactionId(), orderId,
                        trade.outTradeNo(), amount, success, paymentStatus(o), "QUERY", now.atOffset(ZoneOffset.UTC)}))
                : cn.preparedQuery(PaymentSql.INSERT_PAYMENT_AND_NOTIFICATION).execute(Tuple.from(new Object[] {provider,
                        trade.transactionId(), orderId, trade.outTradeNo(), amount, success, paymentStatus(o),
                        now.atOffset(ZoneOffset.UTC), notice.id(), notice.eventType(), o.name()})))
                .map(new Step(o, null)));
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

    private void report(Outcome o, GatewayTrade trade) {
        switch (o) {
            case AMOUNT_MISMATCH -> {
                metrics.payment("AMOUNT_MISMATCH");
                LOG.error("ALERT payment amount mismatch: order {} transaction {} paid {} fen; recorded AMOUNT_MISMATCH, not applied",
                        trade.outTradeNo(), trade.transactionId(), trade.amountFen());
            }
            case REFUND_DUE -> {
                metrics.payment("REFUND_DUE");
                LOG.warn("payment {} for order {} recorded REFUND_DUE (order void with seats gone, paid twice, or unknown)",
                        trade.transactionId(), trade.outTradeNo());
            }
            case APPLIED, LATE_APPLIED -> metrics.payment("APPLIED");
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

    /** Two copies for an unknown order raced to insert the same payment: the other one recorded it. */
    private static boolean isDuplicatePayment(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState())
                && pg.getConstraint() != null && pg.getConstraint().startsWith("payment_provider_transaction_id");
    }
}
