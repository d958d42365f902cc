package cn.zikao.plan;

import cn.zikao.enrollment.SeatLedger;
import cn.zikao.platform.Feature;
import cn.zikao.platform.Json;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/** The public exam plan and the live seat counts. */
public final class PlanRoutes implements Feature {
    private final ExamPlan plan;
    private final SeatLedger ledger;
    private final Clock clock;
    private final int orderHoldSeconds;

    public PlanRoutes(ExamPlan plan, SeatLedger ledger, Clock clock, int orderHoldSeconds) {
        this.plan = plan;
        this.ledger = ledger;
        this.clock = clock;
        this.orderHoldSeconds = orderHoldSeconds;
    }

    @Override
    public void routes(Operations ops) {
        ops.handle("getPlan", this::plan).handle("getSeats", this::seats);
    }

    /** The sittings whose registration has not closed yet (open now or opening later). */
    private void plan(RoutingContext ctx) {
        var now = clock.instant();
        Buffer body = Json.encode(PlanView.of(plan.sittings().stream()
                .filter(s -> now.isBefore(s.registrationClosesAt().toInstant())).toList(), orderHoldSeconds));
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=30").end(body);
    }

    private void seats(RoutingContext ctx) {
        ExamPlan.Sitting sitting = plan.sitting(ctx.pathParam("sittingCode")).orElseThrow(Problem::notFound);
        String areaCode = ctx.queryParams().get("area");
        if (areaCode == null || areaCode.isBlank()) {
            throw Problem.validation("area", "REQUIRED", "请选择考区。");
        }
        ExamPlan.Area area = sitting.area(areaCode)
                .orElseThrow(() -> Problem.validation("area", "UNKNOWN_AREA", "考区不存在。"));
        ledger.shownLeft(sitting, areaCode)
                .recover(e -> e instanceof SeatLedger.LedgerNotReady
                        ? ledger.rebuild(sitting, area).compose(v -> ledger.left(sitting, areaCode))
                        : Future.failedFuture(e))
                .onSuccess(left -> Replies.ok(ctx, sitting.slots().stream()
                        .map(s -> new PlanView.SeatsView(s.no(), area.seats().get(s.no()), left.getOrDefault(s.no(), 0L)))
                        .toList()))
                .onFailure(ctx::fail);
    }

}
