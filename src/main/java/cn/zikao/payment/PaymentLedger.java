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
    static final String LATE_CANDIDATE = """
            SELECT o.id, o.status, o.total_fen,
                   EXISTS (SELECT 1 FROM payment p WHERE p.provider = $2 AND p.transaction_id = $3) AS recorded
              FROM exam_order o WHERE o.out_trade_no = $1""";
    static final String APPLIED_TO_ORDER = """
            SELECT count(*) AS applied FROM payment WHERE order_id = $1 AND status = 'APPLIED'""";
    /** A copy arriving after a late retake that an earlier copy had found impossible: the payment belongs to the order after all. */
    static final String PROMOTE_TO_APPLIED = """
            UPDATE payment p SET status = 'APPLIED'
             WHERE p.provider = $1 AND p.transaction_id = $2 AND p.status = 'REFUND_DUE'
               AND EXISTS (SELECT 1 FROM exam_order o WHERE o.id = p.order_id AND o.status = 'PAID' AND o.total_fen = p.amount_fen)
               AND NOT EXISTS (SELECT 1 FROM payment q WHERE q.order_id = p.order_id AND q.status = 'APPLIED')""";

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
        return retakeIfVoid(provider, trade, paidAt)
                .compose(v -> pg.withTransaction(cn -> cn.preparedQuery(LOCK_ORDER).execute(Tuple.of(trade.outTradeNo()))
                        .compose(orders -> cn.preparedQuery(PAYMENT_OF).execute(Tuple.of(provider, trade.transactionId()))
                                .compose(known -> known.size() > 0
                                        ? cn.preparedQuery(PROMOTE_TO_APPLIED).execute(Tuple.of(provider, trade.transactionId()))
                                                .map(Outcome.DUPLICATE)
                                        : apply(cn, provider, notice == null ? "QUERY" : "NOTIFICATION", trade, first(orders),
                                                paidAt, now)))
                        .compose(o -> notice(cn, provider, notice, trade, o, now).map(o))))
                .recover(e -> isDuplicatePayment(e) ? Future.succeededFuture(Outcome.DUPLICATE) : Future.failedFuture(e))
                .onSuccess(o -> report(o, trade));
    }

    /**
     * A VOID order paid late takes seats again first, through the same Redis guard and PostgreSQL checks as a new
     * order (that cannot share this transaction); the transaction then finds the order PAID with no payment
     * applied, and applies this one. If the seats are gone, it finds the order VOID and records REFUND_DUE.
     */
    private Future<Void> retakeIfVoid(String provider, GatewayTrade trade, Instant paidAt) {
        return pg.preparedQuery(LATE_CANDIDATE).execute(Tuple.of(trade.outTradeNo(), provider, trade.transactionId()))
                .compose(rows -> {
                    Row o = first(rows);
                    if (o == null || !"VOID".equals(o.getString("status")) || o.getBoolean("recorded")
                            || !matches(trade, o)) {
                        return Future.succeededFuture();
                    }
                    return orders.retakeSeats(o.getUUID("id"), paidAt)
                            .onSuccess(r -> LOG.info("late payment {} for VOID order {}: {}", trade.transactionId(),
                                    trade.outTradeNo(), r))
                            .mapEmpty();
                });
    }

    private Future<Outcome> apply(SqlConnection cn, String provider, String source, GatewayTrade trade, Row order,
                                  Instant paidAt, Instant now) {
        Future<Outcome> decided;
        if (order == null) {
            decided = Future.succeededFuture(Outcome.REFUND_DUE);
        } else if (!matches(trade, order)) {
            decided = Future.succeededFuture(Outcome.AMOUNT_MISMATCH);
        } else {
            UUID id = order.getUUID("id");
            decided = switch (order.getString("status")) {
                case "UNPAID", "PAYING" -> orders.markPaid(cn, id, paidAt).map(Outcome.APPLIED);
                // PAID with no payment applied: seats retaken for this late payment (or an earlier attempt crashed)
                case "PAID" -> cn.preparedQuery(APPLIED_TO_ORDER).execute(Tuple.of(id)).map(r ->
                        r.iterator().next().getLong("applied") == 0 ? Outcome.LATE_APPLIED : Outcome.REFUND_DUE);
                default -> Future.succeededFuture(Outcome.REFUND_DUE);
            };
        }
        return decided.compose(o -> cn.preparedQuery(INSERT_PAYMENT).execute(Tuple.from(new Object[] {provider,
                        trade.transactionId(), order == null ? null : order.getUUID("id"), trade.outTradeNo(),
                        trade.amountFen() == null ? 0 : trade.amountFen(),
                        trade.successTime() == null ? null : trade.successTime().atOffset(ZoneOffset.UTC),
                        paymentStatus(o), source, now.atOffset(ZoneOffset.UTC)}))
                .map(o));
    }

    private static boolean matches(GatewayTrade trade, Row order) {
        return trade.amountFen() != null && trade.amountFen() == order.getInteger("total_fen").intValue();
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
