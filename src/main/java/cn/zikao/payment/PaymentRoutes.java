package cn.zikao.payment;

import cn.zikao.auth.Session;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Json;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Replies;
import cn.zikao.platform.Texts;
import cn.zikao.platform.Times;
import cn.zikao.platform.Unavailable;
import cn.zikao.platform.WorkClass;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/orders/{id}/payments} (the candidate asks for a QR code) and
 * {@code POST /api/v1/payments/wechat/notify} (the gateway tells us). The notify endpoint answers in the
 * gateway's format, {@code {"code":"FAIL","message":...}}, and 204 only once the outcome is committed.
 */
final class PaymentRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentRoutes.class);

    @Serdeable
    record StartPayment(String provider) {}

    @Serdeable
    record PaymentView(String orderId, String status, String provider, String codeUrl, String qrPng, String expiresAt) {}

    private final WorkClass qrCodes;
    private final Map<String, PaymentGateway> gateways;
    private final OrderPayments payments;
    private final PaymentLedger ledger;
    private final WechatPayKeys wechatKeys;
    private final PaymentMetrics metrics;
    private final Clock clock;

    PaymentRoutes(WorkClass qrCodes, Map<String, PaymentGateway> gateways, OrderPayments payments, PaymentLedger ledger,
                  WechatPayKeys wechatKeys, PaymentMetrics metrics, Clock clock) {
        this.qrCodes = qrCodes;
        this.gateways = gateways;
        this.payments = payments;
        this.ledger = ledger;
        this.wechatKeys = wechatKeys;
        this.metrics = metrics;
        this.clock = clock;
    }

    void routes(Operations ops) {
        ops.handle("startPayment", this::start).handle("wechatPayNotify", this::wechatNotify);
    }

    private void start(RoutingContext ctx) {
        long candidateId = Session.of(ctx).candidateId();
        StartPayment body = Json.decode(ctx.body().buffer(), StartPayment.class);
        PaymentGateway gateway = body.provider() == null ? null : gateways.get(body.provider());
        if (gateway == null) {
            throw Problem.validation(java.util.List.of(new FieldError("provider", "UNKNOWN_PROVIDER",
                    Texts.of("field.provider.unknown", String.join(", ", gateways.keySet())))));
        }
        UUID orderId = uuid(ctx.pathParam("orderId"));
        // the place for the QR drawing is taken before the order turns PAYING, so a BUSY answer changes nothing
        WorkClass.Permit drawing = qrCodes.admit();
        payments.start(candidateId, orderId, gateway)
                .compose(s -> drawing.blocking(() -> QrCode.pngBase64(s.codeUrl()))
                        .map(png -> new PaymentView(orderId.toString(), "PAYING", gateway.provider(), s.codeUrl(), png,
                                Times.iso(s.expiresAt()))))
                .onSuccess(view -> Replies.created(ctx, view))
                .onFailure(e -> {
                    drawing.release();
                    ctx.fail(e);
                });
    }

    private void wechatNotify(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        WechatPayNotification n;
        try {
            n = WechatPayNotification.verify(ctx.request().headers(),
                    raw == null ? "" : raw.toString(StandardCharsets.UTF_8), wechatKeys, clock);
        } catch (Rejected e) {
            metrics.callback("REJECTED");
            LOG.warn("WeChat Pay notification rejected: {}", e.getMessage());
            fail(ctx, e.status(), e.getMessage());
            return;
        }
        ledger.notified("wechat", new PaymentLedger.Notice(n.id(), n.eventType()), n.trade())
                .onSuccess(outcome -> ctx.response().setStatusCode(204).end())
                .onFailure(e -> {
                    metrics.callback("ERROR");
                    boolean down = Unavailable.is(e);
                    LOG.warn("WeChat Pay notification {} for {} not recorded, the gateway will retry: {}", n.id(),
                            n.trade().outTradeNo(), e.toString());
                    fail(ctx, down ? 503 : 500, "系统繁忙，请稍后重试");
                });
    }

    private static void fail(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("code", "FAIL").put("message", message).encode());
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problem.notFound();
        }
    }
}
