package cn.zikao.candidate;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Replies;
import cn.zikao.platform.Texts;
import cn.zikao.platform.Times;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;

/** {@code POST /api/v1/registrations} (新生注册) and {@code POST /api/v1/profile-completions} (在籍考生完善资料). */
final class RegistrationRoutes {
    private final Registrations registrations;

    @Serdeable
    record RegisteredView(long candidateId, String admissionNo, String name, String phoneMasked) {}

    @Serdeable
    record CompletedView(long candidateId, String admissionNo) {}

    private final ExamPlan plan;
    private final Clock clock;

    RegistrationRoutes(Registrations registrations, ExamPlan plan, Clock clock) {
        this.registrations = registrations;
        this.plan = plan;
        this.clock = clock;
    }

    void routes(Operations ops) {
        ops.handle("register", this::register).handle("completeProfile", this::completeProfile);
    }

    private void register(RoutingContext ctx) {
        Future.succeededFuture().compose(v -> registrations.register(
                        RegistrationForm.parse(ctx.request().formAttributes(), plan, today()), CandidateImages.files(ctx.fileUploads()),
                        Texts.ofRequest(ctx.request())))
                .onSuccess(r -> Replies.created(ctx, new RegisteredView(r.candidateId(), r.admissionNo(), r.name(), r.phoneMasked())))
                .onFailure(ctx::fail);
    }

    private void completeProfile(RoutingContext ctx) {
        Future.succeededFuture().compose(v -> registrations.completeProfile(
                        Identity.parseCompletion(ctx.request().formAttributes(), today()), CandidateImages.files(ctx.fileUploads())))
                .onSuccess(r -> Replies.ok(ctx, new CompletedView(r.candidateId(), r.admissionNo())))
                .onFailure(ctx::fail);
    }

    private LocalDate today() {
        return clock.instant().atZone(Times.CHINA).toLocalDate();
    }
}
