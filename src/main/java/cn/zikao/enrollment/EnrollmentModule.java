package cn.zikao.enrollment;

import cn.zikao.candidate.CandidateModule;
import cn.zikao.plan.ExamPlan;
import cn.zikao.plan.PlanModule;
import cn.zikao.platform.ConfigException;
import cn.zikao.platform.Module;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Platform;
import cn.zikao.platform.WaitingRoom;
import cn.zikao.platform.WorkClass;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * 统考报名: the notice, seats and selections, orders and their expiry while UNPAID, 考籍更改 and 考试查询, the Redis
 * seat guard with its drift repair, the invariant check, 考场编排 and the 准考证. {@link #orders()} is the payment module's door.
 */
public final class EnrollmentModule implements Module {
    private final Platform platform;
    private final ExamPlan plan;
    private final SeatLedger seats;
    private final SeatGuard guard;
    private final EnrollmentMetrics metrics;
    private final OrderLedger orders;
    private final EnrollmentRoutes routes;
    private final SeatRoutes seatRoutes;
    private final RoomAssignment rooms;
    private final AdmissionTickets tickets;

    /** What {@code assign-rooms} did: seats given in this run, and each area and slot whose rooms are too few. */
    public record RoomsReport(int placed, List<String> shortages) {}

    public EnrollmentModule(Platform platform, PlanModule planModule, CandidateModule candidates) {
        this.platform = platform;
        this.plan = planModule.plan();
        this.seats = new SeatLedger(platform.redis(), platform.pg());
        this.guard = new SeatGuard(platform.redis(), seats, platform.pg());
        this.metrics = new EnrollmentMetrics(platform.metrics());
        this.orders = new OrderLedger(platform.pg(), guard, plan, platform.clock());
        CandidateProfiles profiles = new CandidateProfiles(platform.pg());
        OrderPlacement placement = new OrderPlacement(platform.pg(), profiles, guard, seats, platform.clock(),
                platform.config().orders().holdSeconds(), metrics, new WaitingRoom(platform, "orders",
                        WorkClass.onEventLoop(platform, "orders", platform.config().work().orders())));
        this.routes = new EnrollmentRoutes(plan, placement, orders, new OrderReader(plan, platform.pg()),
                new EnrolmentChanges(plan, platform.pg(), platform.clock(), profiles, candidates.enrolments()),
                new SelectionReader(plan, platform.pg(), seats));
        this.seatRoutes = new SeatRoutes(plan, seats);
        this.rooms = new RoomAssignment(platform.pg());
        this.tickets = new AdmissionTickets(platform.vertx(), plan, platform.pg(), candidates.cards(), platform.clock());
    }

    @Override
    public void routes(Operations ops) {
        routes.routes(ops);
        seatRoutes.routes(ops);
        tickets.routes(ops);
    }

    @Override
    public List<Deployable> background() {
        return List.of(new OrderExpiry(orders, platform.config().orders().sweepIntervalMs(), metrics, platform.pg(), seats, plan),
                new DriftRepair(plan, platform.redis(), platform.pg(), guard,
                        new SeatAudit(platform.redis(), platform.pg(), seats), platform.clock()));
    }

    /** Order state changes for the payment module. */
    public OrderLedger orders() {
        return orders;
    }

    /** At start-up: builds the Redis seat guard of every area that has none, or whose capacities changed. */
    public Future<Void> primeSeats() {
        return seats.primeMissing(plan);
    }

    /** {@code rebuild-redis}: the seat guard of every area rebuilt from PostgreSQL; the number of areas. */
    public Future<Integer> rebuildSeats() {
        List<Future<Boolean>> all = new ArrayList<>();
        for (ExamPlan.Sitting sitting : plan.sittings()) {
            sitting.areas().forEach(a -> all.add(seats.rebuildNow(sitting, a)));
        }
        return Future.all(all).map(v -> all.size());
    }

    /**
     * {@code assign-rooms SITTING}: 考场编排 of every paid enrolment not yet placed, reproducible for one {@code seed};
     * seats already given never move. An unknown sitting is a {@link ConfigException} at once.
     */
    public Future<RoomsReport> assignRooms(String sittingCode, long seed) {
        ExamPlan.Sitting sitting = plan.sitting(sittingCode)
                .orElseThrow(() -> new ConfigException("sitting " + sittingCode + " is not in the exam plan"));
        return rooms.run(sitting, seed).map(outcomes -> new RoomsReport(
                outcomes.stream().mapToInt(RoomAssignment.Outcome::placed).sum(),
                outcomes.stream().filter(o -> o.unplaced() > 0).map(RoomAssignment.Outcome::shortage).toList()));
    }

    /** {@code check}: invariants 1, 2, 4 and 6 in PostgreSQL and the guard against it; blocks, so never on an event loop. */
    public Check.Report check() {
        return Check.run(plan, platform.pg(), platform.redis());
    }
}
