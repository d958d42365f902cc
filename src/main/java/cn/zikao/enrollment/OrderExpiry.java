package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Sweeper;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on every instance: voids expired UNPAID orders (rows locked with SKIP LOCKED, so instances share the
 * work) and refreshes the business gauges. PAYING orders are the payment module's: it asks the gateway before
 * one is voided. The next sweep is scheduled when this one ends, so sweeps never overlap.
 */
final class OrderExpiry extends Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(OrderExpiry.class);
    private static final int METRICS_EVERY = 5;

    private final OrderLedger orders;
    private final EnrollmentMetrics metrics;
    private final Pool pg;
    private final SeatLedger ledger;
    private final ExamPlan plan;
    private int sweeps;

    OrderExpiry(OrderLedger orders, int intervalMs, EnrollmentMetrics metrics, Pool pg, SeatLedger ledger, ExamPlan plan) {
        super("order expiry sweep", intervalMs);
        this.orders = orders;
        this.metrics = metrics;
        this.pg = pg;
        this.ledger = ledger;
        this.plan = plan;
    }

    @Override
    protected Future<Void> sweep() {
        Future<Void> work = orders.expireUnpaid().<Void>mapEmpty()
                .onFailure(e -> LOG.warn("order expiry sweep: {}", e.toString()));
        return ++sweeps % METRICS_EVERY == 1
                ? work.transform(ar -> metrics.refresh(pg, ledger, plan)).otherwiseEmpty()
                : work.otherwiseEmpty();
    }
}
