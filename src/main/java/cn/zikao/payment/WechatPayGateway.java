package cn.zikao.payment;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat Pay API v3, Native payments. Every request is signed with the merchant key; every answer is verified
 * with the platform key its {@code Wechatpay-Serial} names before it is believed. Calls time out after 5 s and
 * are tried up to three times: query and close always (they are idempotent), create only when the request
 * never reached the gateway.
 */
final class WechatPayGateway implements PaymentGateway {
    private static final Logger LOG = LoggerFactory.getLogger(WechatPayGateway.class);
    private static final String NATIVE = "/v3/pay/transactions/native";
    private static final String BY_OUT_TRADE_NO = "/v3/pay/transactions/out-trade-no/";
    private static final int TIMEOUT_MS = 5000;
    private static final int ATTEMPTS = 3;

    private final Vertx vertx;
    private final WebClient client;
    private final AppConfig.Wechat config;
    private final WechatPayKeys keys;
    private final Clock clock;
    private final String basePath;

    public WechatPayGateway(Vertx vertx, AppConfig.Wechat config, WechatPayKeys keys, Clock clock) {
        URI base = URI.create(config.baseUrl());
        boolean tls = "https".equals(base.getScheme());
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort() > 0 ? base.getPort() : tls ? 443 : 80).setSsl(tls)
                .setConnectTimeout(TIMEOUT_MS).setIdleTimeout(TIMEOUT_MS / 1000 * 2).setUserAgent("zikao/1.0"),
                new PoolOptions().setHttp1MaxSize(32));
        this.config = config;
        this.keys = keys;
        this.clock = clock;
        this.basePath = base.getPath() == null || "/".equals(base.getPath()) ? "" : base.getPath();
    }

    @Override
    public String provider() {
        return "wechat";
    }

    @Override
    public Future<String> create(Charge charge) {
        JsonObject body = new JsonObject()
                .put("appid", config.appId())
                .put("mchid", config.mchId())
                .put("description", charge.description())
                .put("out_trade_no", charge.outTradeNo())
                .put("time_expire", Times.iso(charge.expiresAt()))
                .put("notify_url", config.notifyUrl())
                .put("amount", new JsonObject().put("total", charge.totalFen()).put("currency", "CNY"));
        return call(HttpMethod.POST, NATIVE, body.encode(), false).compose(r -> {
            if (r.statusCode() == 200) {
                String codeUrl = new JsonObject(r.bodyAsString()).getString("code_url");
                if (codeUrl != null) {
                    return Future.succeededFuture(codeUrl);
                }
            }
            return Future.failedFuture(refused("create", r));
        });
    }

    @Override
    public Future<GatewayTrade> query(String outTradeNo) {
        String path = BY_OUT_TRADE_NO + encode(outTradeNo) + "?mchid=" + encode(config.mchId());
        return call(HttpMethod.GET, path, "", true).compose(r -> {
            if (r.statusCode() == 200) {
                return Future.succeededFuture(trade(new JsonObject(r.bodyAsString())));
            }
            if (r.statusCode() == 404) {
                return Future.succeededFuture(new GatewayTrade(outTradeNo, GatewayTrade.TradeState.NOT_FOUND, null,
                        null, null, config.mchId()));
            }
            return Future.failedFuture(refused("query", r));
        });
    }

    @Override
    public Future<Void> close(String outTradeNo) {
        String body = new JsonObject().put("mchid", config.mchId()).encode();
        return call(HttpMethod.POST, BY_OUT_TRADE_NO + encode(outTradeNo) + "/close", body, true).compose(r -> {
            if (r.statusCode() == 204 || r.statusCode() == 200) {
                return Future.<Void>succeededFuture();
            }
            if (r.statusCode() == 400 && "ORDERPAID".equals(errorCode(r))) {
                return Future.failedFuture(new AlreadyPaid(outTradeNo));
            }
            return Future.failedFuture(refused("close", r));
        });
    }

    /** A transaction object (query answer or decrypted notification) as a {@link GatewayTrade}. */
    static GatewayTrade trade(JsonObject t) {
        JsonObject amount = t.getJsonObject("amount");
        String success = t.getString("success_time");
        return new GatewayTrade(t.getString("out_trade_no"), GatewayTrade.TradeState.of(t.getString("trade_state")),
                t.getString("transaction_id"), amount == null ? null : amount.getInteger("total"),
                success == null ? null : OffsetDateTime.parse(success).toInstant(), t.getString("mchid"));
    }

    private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, String body, boolean idempotent) {
        return attempt(method, basePath + path, body, idempotent, 1);
    }

    private Future<HttpResponse<Buffer>> attempt(HttpMethod method, String url, String body, boolean idempotent, int n) {
        return send(method, url, body).transform(ar -> {
            boolean failed = ar.failed() || ar.result().statusCode() >= 500;
            boolean retry = failed && n < ATTEMPTS && (idempotent || ar.failed() && neverSent(ar.cause()));
            if (!retry) {
                return ar.failed() ? Future.failedFuture(new GatewayUnavailable("WeChat Pay " + method + " failed", ar.cause()))
                        : Future.succeededFuture(ar.result());
            }
            Promise<HttpResponse<Buffer>> next = Promise.promise();
            vertx.setTimer(200L * n, t -> attempt(method, url, body, idempotent, n + 1).onComplete(next));
            return next.future();
        }).compose(this::verified);
    }

    private Future<HttpResponse<Buffer>> send(HttpMethod method, String url, String body) {
        String auth = WechatPaySignature.authorization(keys.mchId(), keys.merchantSerial(), keys.merchantKey(),
                method.name(), url, body, clock.instant().getEpochSecond());
        var request = client.request(method, url).timeout(TIMEOUT_MS)
                .putHeader("Authorization", auth)
                .putHeader("Accept", "application/json");
        return body.isEmpty() ? request.send()
                : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body));
    }

    private Future<HttpResponse<Buffer>> verified(HttpResponse<Buffer> r) {
        if (r.statusCode() >= 500) {
            return Future.failedFuture(refused("call", r));
        }
        try {
            WechatPaySignature.verifyResponse(new WechatPaySignature.Signed(r.getHeader("Wechatpay-Timestamp"),
                    r.getHeader("Wechatpay-Nonce"), r.getHeader("Wechatpay-Signature"), r.getHeader("Wechatpay-Serial")),
                    r.bodyAsString() == null ? "" : r.bodyAsString(), clock, keys::platformKey);
            return Future.succeededFuture(r);
        } catch (Rejected e) {
            LOG.warn("WeChat Pay answer {} rejected: {}", r.statusCode(), e.getMessage());
            return Future.failedFuture(new GatewayUnavailable("answer does not verify: " + e.getMessage(), e));
        }
    }

    private static boolean neverSent(Throwable t) {
        return t instanceof ConnectException || t != null && t.getCause() instanceof ConnectException;
    }

    private static GatewayUnavailable refused(String what, HttpResponse<Buffer> r) {
        return new GatewayUnavailable("WeChat Pay " + what + " answered " + r.statusCode() + " " + errorCode(r), null);
    }

    private static String errorCode(HttpResponse<Buffer> r) {
        try {
            return r.bodyAsString() == null ? "" : new JsonObject(r.bodyAsString()).getString("code", "");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
