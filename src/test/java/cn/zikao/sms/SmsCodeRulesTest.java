package cn.zikao.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a code is good for, proven through login by phone. */
class SmsCodeRulesTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);

    private Api.Reply login(String phone, String code) {
        return app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "PHONE")
                .put("phone", phone).put("smsCode", code).encode());
    }

    private static String other(String code) {
        return code.equals("000000") ? "000001" : "000000";
    }

    @Test
    @DisplayName("a wrong code is 400 SMS_CODE_INVALID; the right one still works once, and a reused code is refused")
    void wrongThenRightThenReused() {
        Onboarding.Person p = on.register("扎西多吉");
        String code = on.code("LOGIN", p.phone());
        assertEquals("SMS_CODE_INVALID", login(p.phone(), other(code)).code());
        assertEquals(200, login(p.phone(), code).status());
        Api.Reply reused = login(p.phone(), code);
        assertEquals(400, reused.status());
        assertEquals("SMS_CODE_INVALID", reused.code());
    }

    @Test
    @DisplayName("five wrong tries void the code")
    void fiveWrongTriesVoid() {
        Onboarding.Person p = on.register("扎西多吉");
        String code = on.code("LOGIN", p.phone());
        for (int i = 0; i < 5; i++) {
            assertEquals("SMS_CODE_INVALID", login(p.phone(), other(code)).code());
        }
        assertEquals("SMS_CODE_INVALID", login(p.phone(), code).code());
    }

    @Test
    @DisplayName("a code expires after 5 minutes of the service clock")
    void expires() {
        Onboarding.Person p = on.register("扎西多吉");
        String code = on.code("LOGIN", p.phone());
        app.clock().advance(Duration.ofSeconds(301));
        assertEquals("SMS_CODE_INVALID", login(p.phone(), code).code());
        String fresh = on.code("LOGIN", p.phone());
        app.clock().advance(Duration.ofSeconds(290));
        assertEquals(200, login(p.phone(), fresh).status());
    }

    @Test
    @DisplayName("a code is bound to its purpose and its phone")
    void boundToPurposeAndPhone() {
        Onboarding.Person p = on.register("扎西多吉");
        Onboarding.Person q = on.register("次仁");
        assertEquals(202, on.requestCode("RESET_PASSWORD", Map.of("phone", p.phone())).status());
        String resetCode = on.latestCode("RESET_PASSWORD", p.phone());
        assertEquals("SMS_CODE_INVALID", login(p.phone(), resetCode).code());
        String qCode = on.code("LOGIN", q.phone());
        assertEquals("SMS_CODE_INVALID", login(p.phone(), qCode).code());
        assertEquals(200, login(q.phone(), qCode).status());
    }
}
