package cn.zikao.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.paysim.SimulatorKeys;
import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole service in the prod profile, over real HTTP: its cookies are Secure and every answer carries HSTS. */
class ProdCookiesTest {
    @RegisterExtension
    static final TestApp app = prod();

    /** Prod with every secret given: WeChat Pay keys made for the test, an SMS endpoint that is never called. */
    private static TestApp prod() {
        SimulatorKeys keys;
        try {
            keys = SimulatorKeys.ensure(Files.createTempDirectory("zikao-prod-keys").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestApp.create().env("ZIKAO_PROFILE", "prod")
                .env("ZIKAO_JWT_SECRET", "prod-jwt-secret-of-at-least-32-characters!")
                .env("ZIKAO_PII_KEY", "cHJvZC1waWktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=")
                .env("ZIKAO_PII_HMAC_KEY", "cHJvZC1waWktaG1hYy1rZXktb2YtMzItYnl0ZXMtLS0=")
                .env("ZIKAO_ALIYUN_SMS_ENDPOINT", "http://127.0.0.1:9/")
                .env("ZIKAO_ALIYUN_ACCESS_KEY_ID", "LTAI000000").env("ZIKAO_ALIYUN_ACCESS_KEY_SECRET", "aliyun-secret")
                .env("ZIKAO_WECHAT_BASE_URL", "http://127.0.0.1:9")
                .env("ZIKAO_WECHAT_APP_ID", "wx0000000000000001").env("ZIKAO_WECHAT_MCH_ID", "1900000109")
                .env("ZIKAO_WECHAT_MERCHANT_SERIAL", keys.merchantSerial())
                .env("ZIKAO_WECHAT_MERCHANT_KEY_FILE", keys.dir().resolve("merchant_private.pem").toString())
                .env("ZIKAO_WECHAT_PLATFORM_SERIAL", keys.platformSerial())
                .env("ZIKAO_WECHAT_PLATFORM_KEY_FILE", keys.dir().resolve("platform_public.pem").toString())
                .env("ZIKAO_WECHAT_APIV3_KEY", keys.apiV3Key())
                .env("ZIKAO_WECHAT_NOTIFY_URL", "https://zikao.example.cn/api/v1/payments/wechat/notify")
                .env("ZIKAO_HTTP_HOST", "127.0.0.1");
    }

    @Test
    @DisplayName("in prod every answer, errors included, carries Strict-Transport-Security, and the dev helpers are not routed")
    void hsts() {
        for (Api.Reply r : List.of(app.api().get("/health"), app.api().get("/api/v1/nothing-here"), app.api().get("/dev/sms?phone=13800000000"))) {
            assertEquals("max-age=31536000; includeSubDomains", r.header("Strict-Transport-Security"), r.toString());
        }
        assertEquals(404, app.api().get("/dev/sms?phone=13800000000").status());
    }

    @Test
    @DisplayName("in prod the session and CSRF cookies keep their names and are Secure, HttpOnly (session) and SameSite=Strict")
    void secureCookies() {
        String token = app.app().auth().sessions().issue(1).token();
        Api.Reply r = app.api().delete("/api/v1/sessions/current", Api.bearer(token));
        assertEquals(204, r.status(), r.text());
        List<String> cookies = r.headers().allValues("set-cookie");
        assertEquals(2, cookies.size(), cookies.toString());
        String session = cookies.stream().filter(c -> c.startsWith("zk_session=")).findFirst().orElseThrow();
        String csrf = cookies.stream().filter(c -> c.startsWith("zk_csrf=")).findFirst().orElseThrow();
        for (String c : cookies) {
            assertTrue(c.contains("; Secure") && c.contains("SameSite=Strict") && c.contains("Path=/"), c);
        }
        assertTrue(session.toLowerCase(java.util.Locale.ROOT).contains("; httponly"), session);
        assertTrue(!csrf.toLowerCase(java.util.Locale.ROOT).contains("httponly"), "the page reads zk_csrf: " + csrf);
    }
}
