package cn.zikao.enrollment;

import cn.zikao.auth.Session;
import cn.zikao.plan.ExamPlan;
import cn.zikao.plan.PlanCodes;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Json;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Replies;
import cn.zikao.platform.WaitingRoom;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** 统考报名: the notice, the selection, orders, 考籍更改 and 考试查询. */
final class EnrollmentRoutes {
    private final ExamPlan plan;
    private final OrderPlacement placement;
    private final OrderLedger orders;
    private final OrderReader reader;
    private final EnrolmentChanges changes;
    private final SelectionReader selection;

    EnrollmentRoutes(ExamPlan plan, OrderPlacement placement, OrderLedger orders, OrderReader reader,
                     EnrolmentChanges changes, SelectionReader selection) {
        this.plan = plan;
        this.placement = placement;
        this.orders = orders;
        this.reader = reader;
        this.changes = changes;
        this.selection = selection;
    }

    void routes(Operations ops) {
        ops.handle("ackNotice", ctx -> changes.ackNotice(candidate(ctx), sitting(ctx))
                        .onSuccess(v -> Replies.noContent(ctx)).onFailure(ctx::fail))
                .handle("getSelection", ctx -> reply(ctx, selection.read(candidate(ctx), sitting(ctx))))
                .handle("createOrder", this::createOrder)
                .handle("listOrders", ctx -> reply(ctx, reader.all(candidate(ctx))))
                .handle("getOrder", ctx -> reply(ctx, reader.one(candidate(ctx), orderId(ctx))))
                .handle("cancelOrder", ctx -> orders.cancel(candidate(ctx), orderId(ctx))
                        .onSuccess(v -> Replies.noContent(ctx)).onFailure(ctx::fail))
                .handle("changeEnrollment", this::changeEnrollment)
                .handle("listExams", ctx -> reply(ctx, selection.exams(candidate(ctx))));
    }

    private void createOrder(RoutingContext ctx) {
        ExamPlan.Sitting s = sitting(ctx);
        SelectionView.OrderRequest req = Json.decode(ctx.body().buffer(), SelectionView.OrderRequest.class);
        placement.place(candidate(ctx), s, selections(s, req), ctx.request().getHeader(WaitingRoom.TICKET_HEADER))
                .onSuccess(o -> Replies.created(ctx, o)).onFailure(ctx::fail);
    }

    private void changeEnrollment(RoutingContext ctx) {
        SelectionView.EnrollmentRequest req = Json.decode(ctx.body().buffer(), SelectionView.EnrollmentRequest.class);
        reply(ctx, changes.change(candidate(ctx), new EnrolmentChanges.Enrolment(req.sittingCode(), req.areaCode(),
                        req.majorCode()))
                .map(e -> new SelectionView.EnrollmentView(e.sittingCode(), e.areaCode(), e.majorCode())));
    }

    /** The body's selections, checked for shape; whether the courses are offered is the placement's question. */
    private static List<SeatGuard.Selection> selections(ExamPlan.Sitting sitting, SelectionView.OrderRequest req) {
        if (req.selections() == null || req.selections().isEmpty()) {
            throw Problem.validation("selections", "REQUIRED", "field.selections.required");
        }
        if (req.selections().size() > sitting.slots().size()) {
            throw Problem.validation("selections", "TOO_MANY", "field.selections.too-many");
        }
        List<FieldError> errors = new ArrayList<>();
        List<SeatGuard.Selection> out = new ArrayList<>();
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < req.selections().size(); i++) {
            SelectionView.SelectionBody b = req.selections().get(i);
            if (b == null || b.slotNo() == null || !PlanCodes.course(b.courseCode())) {
                errors.add(new FieldError("selections[" + i + "]", "INVALID", "field.selections.invalid"));
            } else if (!slots.add(b.slotNo())) {
                errors.add(new FieldError("selections[" + i + "].slotNo", "ONE_PER_SLOT", "field.selections.one-per-slot"));
            } else {
                out.add(new SeatGuard.Selection(i, b.slotNo(), b.courseCode()));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors);
        }
        return out;
    }

    private ExamPlan.Sitting sitting(RoutingContext ctx) {
        return plan.sitting(ctx.pathParam("sittingCode")).orElseThrow(Problem::notFound);
    }

    private static long candidate(RoutingContext ctx) {
        return Session.of(ctx).candidateId();
    }

    private static UUID orderId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("orderId"));
        } catch (IllegalArgumentException e) {
            throw Problem.notFound();
        }
    }

    private static void reply(RoutingContext ctx, Future<?> answer) {
        answer.onSuccess(body -> Replies.ok(ctx, body)).onFailure(ctx::fail);
    }
}
