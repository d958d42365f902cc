package cn.zikao.plan;

import cn.zikao.platform.Json;
import cn.zikao.platform.Operations;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/** The public exam plan. */
final class PlanRoutes {
    private final ExamPlan plan;
    private final Clock clock;
    private final int orderHoldSeconds;

    PlanRoutes(ExamPlan plan, Clock clock, int orderHoldSeconds) {
        this.plan = plan;
        this.clock = clock;
        this.orderHoldSeconds = orderHoldSeconds;
    }

    void routes(Operations ops) {
        ops.handle("getPlan", this::plan);
    }

    /**
     * The sittings whose registration has not closed yet (open now or opening later), or whose exams are still ahead:
     * 考试查询 and 准考证打印 need their slots and {@code ticketsFrom} after registration closed.
     */
    private void plan(RoutingContext ctx) {
        var now = clock.instant();
        Buffer body = Json.encode(PlanView.of(plan.sittings().stream()
                .filter(s -> now.isBefore(s.registrationClosesAt().toInstant()) || s.slots().stream()
                        .anyMatch(slot -> now.isBefore(slot.endsAt().toInstant())))
                .toList(), orderHoldSeconds));
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=30").end(body);
    }
}
