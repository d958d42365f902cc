package cn.zikao.sms;

import cn.zikao.identity.IdentityRules;
import cn.zikao.platform.ClientAddress;
import cn.zikao.platform.Json;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Replies;
import cn.zikao.platform.Texts;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/v1/sms-codes} and, in the dev profile, {@code GET /dev/sms?phone=}. */
final class SmsRoutes {
    private final SmsCodes codes;
    private final SmsOutbox outbox;
    private final ClientAddress clients;

    @Serdeable
    record SmsCodeRequest(String purpose, String phone, String name, String idNumber, String captchaId, String captchaAnswer) {}

    @Serdeable
    record SentView(String sentTo, int resendAfterSeconds, int expiresInSeconds) {}

    SmsRoutes(SmsCodes codes, SmsOutbox outbox, ClientAddress clients) {
        this.codes = codes;
        this.outbox = outbox;
        this.clients = clients;
    }

    void routes(Operations ops) {
        ops.handle("requestSmsCode", this::request).handle("listDevSms", this::devMessages);
    }

    private void request(RoutingContext ctx) {
        SmsCodeRequest b = Json.decode(ctx.body().buffer(), SmsCodeRequest.class);
        // the code's SMS reads in the language the candidate reads the pages in
        codes.send(new SmsCodes.Request(b.purpose(), b.phone(), b.name(), b.idNumber(), b.captchaId(), b.captchaAnswer(),
                        Texts.ofRequest(ctx.request())), clients.of(ctx.request()))
                .onSuccess(s -> Replies.json(ctx, 202, new SentView(s.sentTo(), s.resendAfterSeconds(), s.expiresInSeconds())))
                .onFailure(ctx::fail);
    }

    private void devMessages(RoutingContext ctx) {
        String phone = ctx.queryParams().get("phone");
        if (!IdentityRules.phone(phone)) {
            throw Problem.validation(java.util.List.of(IdentityRules.phoneInvalid()));
        }
        outbox.forPhone(phone).onSuccess(list -> Replies.ok(ctx, list)).onFailure(ctx::fail);
    }
}
