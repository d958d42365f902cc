package cn.zikao.payment;

import cn.zikao.enrollment.OrderLedger;
import cn.zikao.platform.Sweeper;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every PAYING order's last word, on every instance at once (orders are claimed with {@code FOR UPDATE SKIP
 * LOCKED} and stamped, so one instance asks about each per period):
 * <ul>
 *   <li>expired: the gateway is asked, and the order is voided only once the gateway has closed it unpaid;</li>
 *   <li>quiet for {@code queryAfterSeconds} (a lost callback): the gateway is asked, and a payment found is
 *       recorded as if notified.</li>
 * </ul>
 * Also refreshes the count of payments waiting for an operator.
 */
final class PayingOrderSweep extends Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(PayingOrderSweep.class);
    /** An order is asked about at most once per this many seconds; quiet orders this close to expiry wait for it. */
    static final int RECHECK_SECONDS = 30;

    private final OrderLedger orders;
    private final GatewayReconciler reconciler;
    private final PaymentGateway gateway;
    private final PaymentLedger ledger;
    private final PaymentMetrics metrics;
    private final Pool pg;
    private final int queryAfterSeconds;

    PayingOrderSweep(OrderLedger orders, GatewayReconciler reconciler, PaymentGateway gateway, PaymentLedger ledger,
                     PaymentMetrics metrics, Pool pg, int queryAfterSeconds, int intervalMs) {
        super("paying-order sweep", intervalMs);
        this.orders = orders;
        this.reconciler = reconciler;
        this.gateway = gateway;
        this.ledger = ledger;
        this.metrics = metrics;
        this.pg = pg;
        this.queryAfterSeconds = queryAfterSeconds;
    }

    @Override
    protected Future<Void> sweep() {
        return orders.claimExpiredPaying(RECHECK_SECONDS).compose(this::settleExpired)
                .compose(v -> orders.claimQuietPaying(queryAfterSeconds, RECHECK_SECONDS)).compose(this::askQuiet)
                .compose(v -> pg.query(PaymentSql.ATTENTION).execute())
                .onSuccess(rows -> {
                    Row r = rows.iterator().next();
                    metrics.attention(r.getLong("refund_due"), r.getLong("amount_mismatch"));
                })
                .onFailure(e -> LOG.warn("paying-order sweep: {}", e.toString()))
                .mapEmpty();
    }

    private Future<Void> settleExpired(List<OrderLedger.Paying> due) {
        List<Future<?>> all = new ArrayList<>();
        for (OrderLedger.Paying o : due) {
            all.add(reconciler.verdict(o.outTradeNo())
                    .compose(v -> v == GatewayReconciler.Verdict.NOT_PAID ? orders.voidUnpaidPaying(o.orderId())
                            : Future.succeededFuture())
                    .onFailure(e -> LOG.warn("gateway check of order {}: {}", o.orderId(), e.toString())));
        }
        return Future.join(all).mapEmpty();
    }

    private Future<Void> askQuiet(List<OrderLedger.Paying> quiet) {
        List<Future<?>> asked = new ArrayList<>();
        for (OrderLedger.Paying o : quiet) {
            String no = o.outTradeNo();
            asked.add(gateway.query(no).compose(trade -> trade.state() == GatewayTrade.TradeState.SUCCESS
                    ? ledger.queried(gateway.provider(), trade).onSuccess(out ->
                            LOG.info("order {}: payment found by query ({})", no, out))
                    : Future.succeededFuture()));
        }
        return Future.join(asked).mapEmpty();
    }
}
