package cn.zikao.paysim;

import cn.zikao.payment.WechatPaySignature;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.UUID;

/** The simulator's answers: gateway answers signed with the platform key, and its own plain JSON. */
final class SimReplies {
    private final PrivateKey platformKey;
    private final String platformSerial;
    private final Clock clock;

    SimReplies(PrivateKey platformKey, String platformSerial, Clock clock) {
        this.platformKey = platformKey;
        this.platformSerial = platformSerial;
        this.clock = clock;
    }

    /** A gateway answer, signed with the platform key like every WeChat Pay v3 answer. */
    void signed(RoutingContext ctx, int status, JsonObject body) {
        String text = body == null ? "" : body.encode();
        WechatPaySignature.Signed s = WechatPaySignature.signResponse(platformKey, platformSerial, text,
                clock.instant().getEpochSecond());
        var response = ctx.response().setStatusCode(status)
                .putHeader("Wechatpay-Timestamp", s.timestamp()).putHeader("Wechatpay-Nonce", s.nonce())
                .putHeader("Wechatpay-Signature", s.signature()).putHeader("Wechatpay-Serial", s.serial())
                .putHeader("Request-ID", UUID.randomUUID().toString());
        if (body == null) {
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json").end(text);
        }
    }

    static void plain(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    static JsonObject error(String code, String message) {
        return new JsonObject().put("code", code).put("message", message);
    }
}
