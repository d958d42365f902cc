package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Sweeper;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on every instance: voids expired UNPAID orders (rows locked with SKIP LOCKED, so instances share the
 * work), asks the gateway about expired PAYING orders before voiding them, and refreshes the business gauges.
 * The next sweep is scheduled when this one ends, so sweeps never overlap.
 */
final class OrderExpiry extends Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(OrderExpiry.class);
    private static final int RECHECK_SECONDS = 30;
    private static final int METRICS_EVERY = 5;

    private final OrderLedger orders;
    private final GatewayCheck gateway;
    private final EnrollmentMetrics metrics;
    private final Pool pg;
    private final SeatLedger ledger;
    private final ExamPlan plan;
    private int sweeps;

    OrderExpiry(OrderLedger orders, GatewayCheck gateway, int intervalMs, EnrollmentMetrics metrics, Pool pg,
                SeatLedger ledger, ExamPlan plan) {
        super("order expiry sweep", intervalMs);
        this.orders = orders;
        this.gateway = gateway;
        this.metrics = metrics;
        this.pg = pg;
        this.ledger = ledger;
        this.plan = plan;
    }


    @Override
    protected Future<Void> sweep() {
        Future<Void> work = orders.expireUnpaid()
                .compose(n -> orders.duePaying(RECHECK_SECONDS))
                .compose(this::ask)
                .onFailure(e -> LOG.warn("order expiry sweep: {}", e.toString()));
        return ++sweeps % METRICS_EVERY == 1
                ? work.transform(ar -> metrics.refresh(pg, ledger, plan)).otherwiseEmpty()
                : work.otherwiseEmpty();
    }

    private Future<Void> ask(List<OpenOrder> due) {
        List<Future<?>> all = new ArrayList<>();
        for (OpenOrder o : due) {
            all.add(gateway.check(o).compose(v -> v == GatewayCheck.Verdict.NOT_PAID
                    ? orders.voidUnpaidPaying(o.orderId()) : Future.succeededFuture())
                    .onFailure(e -> LOG.warn("gateway check of order {}: {}", o.orderId(), e.toString())));
        }
        return Future.join(all).mapEmpty();
    }
}
