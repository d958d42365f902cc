package cn.zikao.payment;

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
 * Money received, recorded once (invariant 5): in one PostgreSQL transaction the payment (unique per provider
 * and transaction id), the order's move to PAID with its seats, and the notification (unique id). The order
 * row is locked first, so copies of one notification, a query answer and the expiry sweep take turns; the
 * second to come finds the payment and changes nothing.
 */
final class PaymentLedger {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentLedger.class);

    static final String LOCK_ORDER = """
            SELECT id, status, total_fen FROM exam_order WHERE out_trade_no = $1 FOR UPDATE""";
    static final String PAYMENT_OF = """
            SELECT status FROM payment WHERE provider = $1 AND transaction_id = $2""";
    static final String INSERT_PAYMENT = """
            INSERT INTO payment (provider, transaction_id, order_id, out_trade_no, amount_fen, success_time, status, source, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
    static final String INSERT_NOTIFICATION = """
            INSERT INTO payment_notification (id, provider, event_type, out_trade_no, transaction_id, trade_state, amount_fen, outcome, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING""";
    static final String MARK_PAID = """
            UPDATE exam_order SET status = 'PAID', paid_at = $2 WHERE id = $1 AND status IN ('UNPAID', 'PAYING')""";
    static final String ENROLLMENTS_PAID = """
            UPDATE enrollment SET status = 'PAID' WHERE order_id = $1 AND status = 'HELD'""";

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
    private final SeatRetake retake;

    PaymentLedger(Pool pg, Clock clock, PaymentMetrics metrics, SeatRetake retake) {
        this.pg = pg;
        this.clock = clock;
        this.metrics = metrics;
        this.retake = retake;
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
        return pg.withTransaction(cn -> {
            if (trade.state() != GatewayTrade.TradeState.SUCCESS || trade.transactionId() == null) {
                return notice(cn, provider, notice, trade, Outcome.IGNORED, now).map(new Decision(Outcome.IGNORED, null));
            }
            return cn.preparedQuery(LOCK_ORDER).execute(Tuple.of(trade.outTradeNo()))
                    .compose(orders -> cn.preparedQuery(PAYMENT_OF).execute(Tuple.of(provider, trade.transactionId()))
                            .compose(known -> known.size() > 0 ? Future.succeededFuture(new Decision(Outcome.DUPLICATE, null))
                                    : apply(cn, provider, notice == null ? "QUERY" : "NOTIFICATION", trade, first(orders), now)))
                    .compose(d -> notice(cn, provider, notice, trade, d.outcome(), now).map(d));
        }).compose(d -> d.retaken() == null ? Future.succeededFuture(d.outcome())
                        : retake.settle(d.retaken()).otherwise(e -> {
                            LOG.warn("seats of late-paid order {} not yet removed from Redis: {}", trade.outTradeNo(), e.toString());
                            return null;
                        }).map(d.outcome()))
                .recover(e -> isDuplicatePayment(e) ? Future.succeededFuture(Outcome.DUPLICATE) : Future.failedFuture(e))
                .onSuccess(o -> report(o, trade));
    }

    /** The outcome, and the seats a late payment took again (Redis learns of them after the commit). */
    private record Decision(Outcome outcome, SeatRetake.Retaken retaken) {}

    private Future<Decision> apply(SqlConnection cn, String provider, String source, GatewayTrade trade, Row order,
                                   Instant now) {
        Instant paidAt = trade.successTime() == null ? now : trade.successTime();
        Future<Decision> decided;
        if (order == null) {
            decided = Future.succeededFuture(new Decision(Outcome.REFUND_DUE, null));
        } else if (trade.amountFen() == null || trade.amountFen() != order.getInteger("total_fen").intValue()) {
            decided = Future.succeededFuture(new Decision(Outcome.AMOUNT_MISMATCH, null));
        } else {
            UUID id = order.getUUID("id");
            decided = switch (order.getString("status")) {
                case "UNPAID", "PAYING" -> cn.preparedQuery(MARK_PAID).execute(Tuple.of(id, paidAt.atOffset(ZoneOffset.UTC)))
                        .compose(r -> cn.preparedQuery(ENROLLMENTS_PAID).execute(Tuple.of(id)))
                        .map(new Decision(Outcome.APPLIED, null));
                case "VOID" -> retake.retake(cn, id, paidAt).map(r -> r == null ? new Decision(Outcome.REFUND_DUE, null)
                        : new Decision(Outcome.LATE_APPLIED, r));
                default -> Future.succeededFuture(new Decision(Outcome.REFUND_DUE, null));
            };
        }
        return decided.compose(d -> cn.preparedQuery(INSERT_PAYMENT).execute(Tuple.from(new Object[] {provider,
                        trade.transactionId(), order == null ? null : order.getUUID("id"), trade.outTradeNo(),
                        trade.amountFen() == null ? 0 : trade.amountFen(),
                        trade.successTime() == null ? null : trade.successTime().atOffset(ZoneOffset.UTC),
                        paymentStatus(d.outcome()), source, now.atOffset(ZoneOffset.UTC)}))
                .map(d));
    }

    private static Future<RowSet<Row>> notice(SqlConnection cn, String provider, Notice notice, GatewayTrade trade,
                                              Outcome outcome, Instant now) {
        if (notice == null) {
            return Future.succeededFuture();
        }
        return cn.preparedQuery(INSERT_NOTIFICATION).execute(Tuple.from(new Object[] {notice.id(), provider,
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

    private static Row first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    /** Two copies for an unknown order raced to insert the same payment: the other one recorded it. */
    private static boolean isDuplicatePayment(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState())
                && pg.getConstraint() != null && pg.getConstraint().startsWith("payment_provider_transaction_id");
    }
}
