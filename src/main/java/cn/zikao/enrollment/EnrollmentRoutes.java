package cn.zikao.enrollment;

import cn.zikao.auth.Session;
import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Json;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Replies;
import cn.zikao.platform.Times;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** 统考报名: the notice, the selection, orders, 考籍更改 and 考试查询. */
final class EnrollmentRoutes {
    private final ExamPlan plan;
    private final Pool pg;
    private final Clock clock;
    private final OrderPlacement placement;
    private final OrderLedger orders;
    private final CandidateProfiles profiles;
    private final SelectionReader selection;

    EnrollmentRoutes(ExamPlan plan, Pool pg, Clock clock, OrderPlacement placement, OrderLedger orders,
                     CandidateProfiles profiles, SelectionReader selection) {
        this.plan = plan;
        this.pg = pg;
        this.clock = clock;
        this.placement = placement;
        this.orders = orders;
        this.profiles = profiles;
        this.selection = selection;
    }

    void routes(Operations ops) {
        ops.handle("ackNotice", this::ackNotice)
                .handle("getSelection", ctx -> reply(ctx, selection.read(Session.of(ctx).candidateId(), sitting(ctx))))
                .handle("createOrder", this::createOrder)
                .handle("listOrders", ctx -> reply(ctx, pg.preparedQuery(OrderSql.ORDERS)
                        .execute(Tuple.tuple().addLong(Session.of(ctx).candidateId()).addUUID(null)).map(rows -> OrderView.of(plan, rows))))
                .handle("getOrder", this::getOrder)
                .handle("cancelOrder", ctx -> orders.cancel(Session.of(ctx).candidateId(), orderId(ctx))
                        .onSuccess(v -> Replies.noContent(ctx)).onFailure(ctx::fail))
                .handle("changeEnrollment", this::changeEnrollment)
                .handle("listExams", ctx -> reply(ctx, selection.exams(Session.of(ctx).candidateId())));
    }

    private void ackNotice(RoutingContext ctx) {
        ExamPlan.Sitting s = sitting(ctx);
        pg.preparedQuery(OrderSql.ACK_NOTICE)
                .execute(Tuple.of(Session.of(ctx).candidateId(), s.code(), clock.instant().atOffset(Times.CHINA)))
                .onSuccess(r -> Replies.noContent(ctx)).onFailure(ctx::fail);
    }

    private void createOrder(RoutingContext ctx) {
        ExamPlan.Sitting s = sitting(ctx);
        SelectionView.OrderRequest req = Json.decode(ctx.body().buffer(), SelectionView.OrderRequest.class);
        placement.place(Session.of(ctx).candidateId(), s, selections(s, req))
                .onSuccess(o -> Replies.created(ctx, o)).onFailure(ctx::fail);
    }

    private void getOrder(RoutingContext ctx) {
        reply(ctx, pg.preparedQuery(OrderSql.ORDERS).execute(Tuple.of(Session.of(ctx).candidateId(), orderId(ctx)))
                .compose(rows -> {
                    List<OrderView> found = OrderView.of(plan, rows);
                    return found.isEmpty() ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(found.get(0));
                }));
    }

    private void changeEnrollment(RoutingContext ctx) {
        SelectionView.EnrollmentRequest req = Json.decode(ctx.body().buffer(), SelectionView.EnrollmentRequest.class);
        List<FieldError> errors = new ArrayList<>();
        ExamPlan.Sitting s = req.sittingCode() == null ? null : plan.sitting(req.sittingCode()).orElse(null);
        if (s == null) {
            errors.add(new FieldError("sittingCode", "UNKNOWN_SITTING", "考试不存在。"));
        } else {
            if (req.areaCode() == null || s.area(req.areaCode()).isEmpty()) {
                errors.add(new FieldError("areaCode", "UNKNOWN_AREA", "考区不存在。"));
            }
            if (req.majorCode() == null || s.major(req.majorCode()).isEmpty()) {
                errors.add(new FieldError("majorCode", "UNKNOWN_MAJOR", "专业不存在。"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors);
        }
        long candidateId = Session.of(ctx).candidateId();
        reply(ctx, pg.preparedQuery(OrderSql.CHANGE_ENROLLMENT)
                .execute(Tuple.of(candidateId, req.sittingCode(), req.areaCode(), req.majorCode()))
                .compose(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getBoolean("paid")) {
                        return Future.failedFuture(Refusals.orderPaid());
                    }
                    if (r.getBoolean("open")) {
                        return Future.failedFuture(Refusals.openOrderExists());
                    }
                    profiles.forget(candidateId, plan.sittings().stream().map(ExamPlan.Sitting::code).toList());
                    return Future.succeededFuture(new SelectionView.EnrollmentView(req.sittingCode(), req.areaCode(),
                            req.majorCode()));
                }));
    }

    /** The body's selections, checked for shape; whether the courses are offered is the placement's question. */
    private static List<SeatGuard.Selection> selections(ExamPlan.Sitting sitting, SelectionView.OrderRequest req) {
        if (req.selections() == null || req.selections().isEmpty()) {
            throw Problem.validation("selections", "REQUIRED", "请至少选择一门科目。");
        }
        if (req.selections().size() > sitting.slots().size()) {
            throw Problem.validation("selections", "TOO_MANY", "每个场次最多选择一门科目。");
        }
        List<FieldError> errors = new ArrayList<>();
        List<SeatGuard.Selection> out = new ArrayList<>();
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < req.selections().size(); i++) {
            SelectionView.SelectionBody b = req.selections().get(i);
            if (b == null || b.slotNo() == null || b.courseCode() == null || !b.courseCode().matches("[0-9]{5}")) {
                errors.add(new FieldError("selections[" + i + "]", "INVALID", "请选择场次和科目。"));
            } else if (!slots.add(b.slotNo())) {
                errors.add(new FieldError("selections[" + i + "].slotNo", "ONE_PER_SLOT", "同一场次只能选择一门科目。"));
            } else {
                out.add(new SeatGuard.Selection(b.slotNo(), b.courseCode()));
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
