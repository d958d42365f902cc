package cn.zikao.identity;

import cn.zikao.platform.ClientAddress;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Replies;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;

/** {@code POST /api/v1/captchas} and, in the dev profile, {@code GET /dev/captchas/{captchaId}}. */
final class CaptchaRoutes {
    private final Captchas captchas;
    private final ClientAddress clients;

    @Serdeable
    record CaptchaView(String captchaId, String imagePng) {}

    @Serdeable
    record AnswerView(String answer) {}

    public CaptchaRoutes(Captchas captchas, ClientAddress clients) {
        this.captchas = captchas;
        this.clients = clients;
    }

    void routes(Operations ops) {
        ops.handle("createCaptcha", this::create).handle("getDevCaptcha", this::devAnswer);
    }

    private void create(RoutingContext ctx) {
        captchas.issue(clients.of(ctx.request()))
                .onSuccess(c -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    Replies.created(ctx, new CaptchaView(c.captchaId(), Base64.getEncoder().encodeToString(c.png())));
                })
                .onFailure(ctx::fail);
    }

    private void devAnswer(RoutingContext ctx) {
        captchas.devAnswer(ctx.pathParam("captchaId"))
                .onSuccess(a -> {
                    if (a == null) {
                        ctx.fail(Problem.notFound());
                    } else {
                        Replies.ok(ctx, new AnswerView(a));
                    }
                })
                .onFailure(ctx::fail);
    }
}
