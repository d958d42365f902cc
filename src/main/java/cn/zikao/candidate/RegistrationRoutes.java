package cn.zikao.candidate;

import cn.zikao.platform.Feature;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Replies;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/v1/registrations} (新生注册) and {@code POST /api/v1/profile-completions} (在籍考生完善资料). */
public final class RegistrationRoutes implements Feature {
    private final Registrations registrations;

    @Serdeable
    record RegisteredView(long candidateId, String admissionNo, String name, String phoneMasked) {}

    @Serdeable
    record CompletedView(long candidateId, String admissionNo) {}

    RegistrationRoutes(Registrations registrations) {
        this.registrations = registrations;
    }

    @Override
    public void routes(Operations ops) {
        ops.handle("register", this::register).handle("completeProfile", this::completeProfile);
    }

    private void register(RoutingContext ctx) {
        Future.succeededFuture().compose(v -> registrations.register(ctx))
                .onSuccess(r -> Replies.created(ctx, new RegisteredView(r.candidateId(), r.admissionNo(), r.name(), r.phoneMasked())))
                .onFailure(ctx::fail);
    }

    private void completeProfile(RoutingContext ctx) {
        Future.succeededFuture().compose(v -> registrations.completeProfile(ctx))
                .onSuccess(r -> Replies.ok(ctx, new CompletedView(r.candidateId(), r.admissionNo())))
                .onFailure(ctx::fail);
    }
}
