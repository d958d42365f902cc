package cn.zikao.candidate;

import cn.zikao.auth.Session;
import cn.zikao.platform.Json;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Replies;
import cn.zikao.platform.Texts;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/v1/password-resets} (找回密码) and {@code PUT /api/v1/me/phone} (换绑手机号). */
final class AccountRoutes {
    private final AccountChanges changes;

    @Serdeable
    record ResetRequest(String method, String name, String idNumber, String phone, String smsCode, String newPassword,
                        String captchaId, String captchaAnswer) {}

    @Serdeable
    record PhoneRequest(String phone, String smsCode, String password) {}

    @Serdeable
    record PhoneView(String phoneMasked) {}

    AccountRoutes(AccountChanges changes) {
        this.changes = changes;
    }

    void routes(Operations ops) {
        ops.handle("resetPassword", this::reset).handle("putMyPhone", this::changePhone);
    }

    private void reset(RoutingContext ctx) {
        ResetRequest b = Json.decode(ctx.body().buffer(), ResetRequest.class);
        changes.reset(new AccountChanges.Reset(b.method(), b.name(), b.idNumber(), b.phone(), b.smsCode(), b.newPassword(),
                        b.captchaId(), b.captchaAnswer()))
                .onSuccess(v -> Replies.noContent(ctx)).onFailure(ctx::fail);
    }

    private void changePhone(RoutingContext ctx) {
        PhoneRequest b = Json.decode(ctx.body().buffer(), PhoneRequest.class);
        changes.changePhone(Session.of(ctx).candidateId(), new AccountChanges.PhoneChange(b.phone(), b.smsCode(), b.password(),
                        Texts.ofRequest(ctx.request())))
                .onSuccess(masked -> Replies.ok(ctx, new PhoneView(masked))).onFailure(ctx::fail);
    }
}
