package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.plan.PlanCodes;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Replies;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/plan/{sittingCode}/seats?area=}: seats left per slot of an area, from the Redis guard. */
final class SeatRoutes {
    private final ExamPlan plan;
    private final SeatLedger ledger;

    @Serdeable
    record SeatsView(int slotNo, int capacity, long left) {}

    SeatRoutes(ExamPlan plan, SeatLedger ledger) {
        this.plan = plan;
        this.ledger = ledger;
    }

    void routes(Operations ops) {
        ops.handle("getSeats", this::seats);
    }

    private void seats(RoutingContext ctx) {
        ExamPlan.Sitting sitting = plan.sitting(ctx.pathParam("sittingCode")).orElseThrow(Problem::notFound);
        String areaCode = ctx.queryParams().get("area");
        if (areaCode == null || areaCode.isBlank()) {
            throw Problem.validation("area", "REQUIRED", "field.area.required");
        }
        ExamPlan.Area area = sitting.area(areaCode).orElseThrow(() -> Problem.validation(java.util.List.of(PlanCodes.unknownArea("area"))));
        ledger.shownLeft(sitting, areaCode)
                .recover(e -> e instanceof SeatLedger.LedgerNotReady
                        ? ledger.rebuild(sitting, area).compose(v -> ledger.left(sitting, areaCode))
                        : Future.failedFuture(e))
                .onSuccess(left -> Replies.ok(ctx, sitting.slots().stream()
                        .map(s -> new SeatsView(s.no(), area.seats().get(s.no()), left.getOrDefault(s.no(), 0L)))
                        .toList()))
                .onFailure(ctx::fail);
    }
}
