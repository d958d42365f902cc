package cn.zikao.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.platform.AppConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Aliyun SendSms against a local stand-in that checks the RPC signature the way Aliyun documents it (its own
 * implementation here, not the provider's), the timestamp, and the parameters.
 */
class AliyunSmsProviderTest {
    private static final String KEY_ID = "LTAI-test-key";
    private static final String SECRET = "test-secret-0123456789";
    private static Vertx vertx;
    private static HttpServer stub;
    private static final List<MultiMap> received = new CopyOnWriteArrayList<>();
    private static final AtomicReference<String> answer = new AtomicReference<>("OK");

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        stub = vertx.createHttpServer().requestHandler(req -> req.setExpectMultipart(true).endHandler(v -> {
            MultiMap form = req.formAttributes();
            received.add(form);
            if (answer.get().equals("HANG")) {
                return;
            }
            boolean signed = req.method().name().equals("POST") && form.get("Signature") != null
                    && form.get("Signature").equals(expectedSignature(form));
            boolean fresh = Math.abs(Instant.parse(form.get("Timestamp")).getEpochSecond() - Instant.now().getEpochSecond()) < 900;
            JsonObject body = !signed || !fresh
                    ? new JsonObject().put("Code", "SignatureDoesNotMatch").put("Message", "Specified signature is not matched")
                    : new JsonObject().put("Code", answer.get()).put("Message", "OK").put("BizId", "900619746936498440^0")
                            .put("RequestId", "F655A8D5-B967-440B-8683-DAD6FF8DE990");
            req.response().setStatusCode(signed && fresh ? 200 : 400).putHeader("Content-Type", "application/json").end(body.encode());
        })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Aliyun's RPC signature, written out from its documentation. */
    private static String expectedSignature(MultiMap form) {
        TreeMap<String, String> sorted = new TreeMap<>();
        form.forEach(e -> {
            if (!e.getKey().equals("Signature")) {
                sorted.put(e.getKey(), e.getValue());
            }
        });
        StringBuilder q = new StringBuilder();
        sorted.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(pct(k)).append('=').append(pct(v)));
        String stringToSign = "POST&" + pct("/") + "&" + pct(q.toString());
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((SECRET + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pct(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static AliyunSmsProvider provider(String secret, int timeoutMs) {
        return new AliyunSmsProvider(vertx, new AppConfig.Aliyun("http://127.0.0.1:" + stub.actualPort() + "/", KEY_ID, secret,
                "西藏自治区教育考试院", Map.of("code", "SMS_1001", "registered", "SMS_1002"), timeoutMs), Clock.systemUTC());
    }

    private static Throwable failure(AliyunSmsProvider p, SmsOutbox.Message m) throws Exception {
        try {
            p.send(m).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    private static SmsOutbox.Message message() {
        return new SmsOutbox.Message(42, "13800138000", "LOGIN", "code", Map.of("code", "123456"), 1);
    }

    @Test
    @DisplayName("a signed SendSms with the template code and JSON parameters is accepted and answers the BizId")
    void sends() throws Exception {
        answer.set("OK");
        received.clear();
        String ref = provider(SECRET, 3000).send(message()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("900619746936498440^0", ref);
        MultiMap f = received.get(0);
        assertEquals("SendSms", f.get("Action"));
        assertEquals("2017-05-25", f.get("Version"));
        assertEquals("HMAC-SHA1", f.get("SignatureMethod"));
        assertEquals(KEY_ID, f.get("AccessKeyId"));
        assertEquals("SMS_1001", f.get("TemplateCode"));
        assertEquals("13800138000", f.get("PhoneNumbers"));
        assertEquals("西藏自治区教育考试院", f.get("SignName"));
        assertEquals(new JsonObject().put("code", "123456"), new JsonObject(f.get("TemplateParam")));
        assertEquals("42", f.get("OutId"));
    }

    @Test
    @DisplayName("a wrong secret fails the signature check: a final failure, not retried")
    void badSignature() throws Exception {
        answer.set("OK");
        Throwable e = failure(provider("another-secret", 3000), message());
        assertTrue(e instanceof SmsSendException s && !s.retryable(), String.valueOf(e));
        assertTrue(e.getMessage().contains("SignatureDoesNotMatch"));
    }

    @Test
    @DisplayName("throttling is retryable; a refused number is final")
    void providerCodes() throws Exception {
        answer.set("isv.BUSINESS_LIMIT_CONTROL");
        assertTrue(failure(provider(SECRET, 3000), message()) instanceof SmsSendException s && s.retryable());
        answer.set("isv.MOBILE_NUMBER_ILLEGAL");
        assertTrue(failure(provider(SECRET, 3000), message()) instanceof SmsSendException s && !s.retryable());
    }

    @Test
    @DisplayName("a provider that does not answer times out after one attempt, and the message is not retried blindly")
    void timeout() throws Exception {
        answer.set("HANG");
        received.clear();
        long t0 = System.nanoTime();
        Throwable e = failure(provider(SECRET, 500), message());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000);
        assertTrue(e instanceof SmsSendException s && !s.retryable(), String.valueOf(e));
        assertEquals(1, received.size());
        assertFalse(e.getMessage().contains("13800138000"));
    }
}
