package cn.zikao.payment;

import cn.zikao.platform.Sweeper;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks get lost: PAYING orders that have heard nothing for {@code queryAfterSeconds} are asked about at
 * the gateway, and a payment found is recorded as if notified. Each instance claims a batch with
 * {@code FOR UPDATE SKIP LOCKED} and stamps {@code last_checked_at}, so instances share the work and no order
 * is asked about twice in one period. Orders within {@link #EXPIRY_MARGIN_SECONDS} of expiry are left to the
 * expiry check, so that this stamp never postpones it. It also refreshes the count of payments waiting for an
 * operator.
 */
final class LostCallbackSweep extends Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(LostCallbackSweep.class);
    static final String CLAIM = """
            UPDATE exam_order SET last_checked_at = $1
             WHERE id IN (SELECT id FROM exam_order
                           WHERE status = 'PAYING' AND expires_at > $3 AND paying_since <= $2
                             AND (last_checked_at IS NULL OR last_checked_at <= $2)
                           ORDER BY paying_since LIMIT 50 FOR UPDATE SKIP LOCKED)
            RETURNING out_trade_no""";
    /** The expiry sweep asks again about an order only this long after the last ask (enrollment's recheck). */
    static final int EXPIRY_MARGIN_SECONDS = 30;
    static final String ATTENTION = """
            SELECT count(*) FILTER (WHERE status = 'REFUND_DUE') AS refund_due,
                   count(*) FILTER (WHERE status = 'AMOUNT_MISMATCH') AS amount_mismatch
              FROM payment WHERE status <> 'APPLIED'""";

    private final Pool pg;
    private final PaymentGateway gateway;
    private final PaymentLedger ledger;
    private final PaymentMetrics metrics;
    private final Clock clock;
    private final int queryAfterSeconds;

    LostCallbackSweep(Pool pg, PaymentGateway gateway, PaymentLedger ledger, PaymentMetrics metrics, Clock clock,
                      int queryAfterSeconds, int intervalMs) {
        super("lost-callback sweep", intervalMs);
        this.pg = pg;
        this.gateway = gateway;
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
        this.queryAfterSeconds = queryAfterSeconds;
    }


    @Override
    protected Future<Void> sweep() {
        Instant now = clock.instant();
        Instant quietSince = now.minusSeconds(queryAfterSeconds);
        return pg.preparedQuery(CLAIM).execute(Tuple.of(now.atOffset(ZoneOffset.UTC), quietSince.atOffset(ZoneOffset.UTC),
                        now.plusSeconds(EXPIRY_MARGIN_SECONDS).atOffset(ZoneOffset.UTC)))
                .compose(rows -> {
                    List<Future<?>> asked = new ArrayList<>();
                    for (Row r : rows) {
                        String no = r.getString("out_trade_no");
                        asked.add(gateway.query(no).compose(trade -> trade.state() == GatewayTrade.TradeState.SUCCESS
                                ? ledger.queried(gateway.provider(), trade).onSuccess(o ->
                                        LOG.info("order {}: payment found by query ({})", no, o))
                                : Future.succeededFuture()));
                    }
                    return Future.join(asked);
                })
                .compose(v -> pg.query(ATTENTION).execute())
                .onSuccess(rows -> {
                    Row r = rows.iterator().next();
                    metrics.attention(r.getLong("refund_due"), r.getLong("amount_mismatch"));
                })
                .mapEmpty();
    }
}
