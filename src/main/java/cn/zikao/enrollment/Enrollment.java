package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Feature;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Platform;
import io.vertx.core.Future;
import java.util.List;

/**
 * The enrolment feature: routes, the order ledger other features call, and the background verticles (order
 * expiry and drift repair) that run on every instance.
 */
public final class Enrollment implements Feature {
    private final Platform platform;
    private final ExamPlan plan;
    private final SeatLedger ledger;
    private final SeatGuard guard;
    private final EnrollmentMetrics metrics;
    private final OrderLedger orders;
    private final GatewayCheck gateway;
    private final EnrollmentRoutes routes;

    public Enrollment(Platform platform, ExamPlan plan, SeatLedger ledger, GatewayCheck gateway) {
        this.platform = platform;
        this.plan = plan;
        this.ledger = ledger;
        this.gateway = gateway;
        this.guard = new SeatGuard(platform.redis());
        this.metrics = new EnrollmentMetrics(platform.metrics());
        this.orders = new OrderLedger(platform.pg(), guard, ledger, plan, platform.clock());
        CandidateProfiles profiles = new CandidateProfiles(platform.pg());
        OrderPlacement placement = new OrderPlacement(platform.pg(), profiles, guard, ledger, platform.clock(),
                platform.config().orders().holdSeconds(), metrics);
        this.routes = new EnrollmentRoutes(plan, platform.pg(), platform.clock(), placement, orders, profiles,
                new SelectionReader(plan, platform.pg(), ledger));
    }

    @Override
    public void routes(Operations ops) {
        routes.routes(ops);
    }

    /** State changes of orders for the payment feature. */
    public OrderLedger orders() {
        return orders;
    }

    /** Deploys order expiry and drift repair; their deployment ids. */
    public Future<List<String>> deployBackground() {
        var vertx = platform.vertx();
        return Future.all(
                vertx.deployVerticle(new OrderExpiry(orders, gateway, platform.config().orders().sweepIntervalMs(), metrics,
                        platform.pg(), ledger, plan)),
                vertx.deployVerticle(new DriftRepair(plan, platform.redis(), platform.pg(), guard, platform.clock())))
                .map(c -> List.of(c.resultAt(0), c.resultAt(1)));
    }

    /** One drift repair pass now (operators, tests); the number of reservations returned. */
    public Future<Integer> repairDrift() {
        return new DriftRepair(plan, platform.redis(), platform.pg(), guard, platform.clock()).repairAll();
    }
}
