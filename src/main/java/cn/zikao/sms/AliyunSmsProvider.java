package cn.zikao.sms;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.Texts;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Aliyun SMS {@code SendSms} (API version 2017-05-25) over HTTPS with the RPC signature (HMAC-SHA1 over the
 * sorted, percent-encoded parameters). One attempt per call: a timeout may have sent the message, so only a
 * refused connection or the provider's own throttling answer is reported as retryable.
 */
final class AliyunSmsProvider implements SmsProvider {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final Set<String> THROTTLED = Set.of("isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "Throttling");

    private final AppConfig.Aliyun config;
    private final WebClient client;
    private final Clock clock;

    AliyunSmsProvider(Vertx vertx, AppConfig.Aliyun config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(config.timeoutMs())
                .setIdleTimeout(config.timeoutMs() / 1000 + 1).setKeepAlive(true).setUserAgent("zikao-sms"));
    }

    @Override
    public String name() {
        return "aliyun";
    }

    @Override
    public Future<String> send(SmsOutbox.Message m) {
        // a Tibetan message goes out on its own template (templates.<name>Bo) when one is approved, else in Chinese
        String tibetan = Texts.BO.equals(m.params().get(SmsTemplates.LANG)) ? config.templates().get(m.template() + "Bo") : null;
        String templateCode = tibetan != null && !tibetan.isBlank() ? tibetan : config.templates().get(m.template());
        if (templateCode == null) {
            return Future.failedFuture(new SmsSendException("no Aliyun template for " + m.template(), false));
        }
        JsonObject templateParam = new JsonObject();
        m.params().forEach((k, v) -> {
            if (!k.equals(SmsTemplates.LANG)) {
                templateParam.put(k, v);
            }
        });
        Map<String, String> params = new TreeMap<>();
        params.put("AccessKeyId", config.accessKeyId());
        params.put("Action", "SendSms");
        params.put("Format", "JSON");
        params.put("RegionId", "cn-hangzhou");
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", UUID.randomUUID().toString());
        params.put("SignatureVersion", "1.0");
        params.put("Timestamp", TIMESTAMP.format(clock.instant()));
        params.put("Version", "2017-05-25");
        params.put("PhoneNumbers", m.phone());
        params.put("SignName", config.signName());
        params.put("TemplateCode", templateCode);
        params.put("TemplateParam", templateParam.encode());
        params.put("OutId", String.valueOf(m.id()));
        params.put("Signature", sign("POST", params, config.accessKeySecret()));
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        params.forEach(form::add);
        return client.postAbs(config.endpoint()).timeout(config.timeoutMs()).sendForm(form)
                .recover(e -> Future.failedFuture(new SmsSendException("Aliyun unreachable: " + e.getClass().getSimpleName(),
                        e instanceof ConnectException)))
                .compose(r -> {
                    JsonObject body;
                    try {
                        body = r.bodyAsJsonObject();
                    } catch (RuntimeException e) {
                        body = null;
                    }
                    String code = body == null ? null : body.getString("Code");
                    if (r.statusCode() == 200 && "OK".equals(code)) {
                        return Future.succeededFuture(body.getString("BizId"));
                    }
                    return Future.failedFuture(new SmsSendException("Aliyun answered " + r.statusCode() + " " + code,
                            code != null && THROTTLED.contains(code)));
                });
    }

    /** The RPC signature: Base64(HMAC-SHA1(secret + "&", METHOD & %2F & encode(sorted k=v joined by &))). */
    static String sign(String method, Map<String, String> params, String secret) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> {
            if (!"Signature".equals(k)) {
                canonical.append(canonical.length() == 0 ? "" : "&").append(encode(k)).append('=').append(encode(v));
            }
        });
        String toSign = method + "&" + encode("/") + "&" + encode(canonical.toString());
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
