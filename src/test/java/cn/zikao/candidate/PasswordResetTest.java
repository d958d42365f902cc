package cn.zikao.candidate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** 找回密码: a RESET_PASSWORD code, the registration's password rule, every session dead on every instance, the lockout lifted. */
class PasswordResetTest {
    private static final String NEW_PASSWORD = "Xizang2027new";

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);

    private String resetCodeByPerson(Onboarding.Person p) {
        Api.Reply r = on.requestCode("RESET_PASSWORD", Map.of("name", p.name(), "idNumber", p.idNumber()));
        assertEquals(202, r.status(), r.text());
        return on.latestCode("RESET_PASSWORD", p.phone());
    }

    private Api.Reply reset(JsonObject who, String code, String password) {
        return app.api().post("/api/v1/password-resets", new JsonObject(on.captcha()).mergeIn(who).put("smsCode", code)
                .put("newPassword", password).encode());
    }

    private static JsonObject byId(Onboarding.Person p) {
        return new JsonObject().put("method", "ID").put("name", p.name()).put("idNumber", p.idNumber());
    }

    private Api.Reply loginByPassword(Onboarding.Person p, String password) {
        on.requestCode("LOGIN", Map.of("name", p.name(), "idNumber", p.idNumber()));
        String code = on.latestCode("LOGIN", p.phone());
        return app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "ID_PASSWORD").put("name", p.name())
                .put("idNumber", p.idNumber()).put("password", password).put("smsCode", code).encode());
    }

    @Test
    @DisplayName("a reset by name and ID number sets the new password and ends every earlier session on every instance, also after Redis lost its data")
    void resetEndsEverySession() {
        TestApp other = TestApp.create().env("ZIKAO_PG_URI", app.stores().pgUri()).env("ZIKAO_REDIS_URI", app.stores().redisUri());
        other.beforeAll(null);
        try {
            Onboarding.Person p = on.register("次仁央宗");
            String here = on.login(p);
            String there = on.login(p);
            assertEquals(200, other.api().get("/api/v1/me", Api.bearer(there)).status());
            Api.Reply r = reset(byId(p), resetCodeByPerson(p), NEW_PASSWORD);
            assertEquals(204, r.status(), r.text());
            assertEquals(401, app.api().get("/api/v1/me", Api.bearer(here)).status());
            assertEquals(401, other.api().get("/api/v1/me", Api.bearer(there)).status());
            try (UnifiedJedis redis = app.redis()) {
                redis.flushDB();
            }
            assertEquals(401, other.api().get("/api/v1/me", Api.bearer(there)).status(), "refused right after Redis lost its data");
            assertEquals(401, app.api().get("/api/v1/me", Api.bearer(here)).status());
            assertEquals("BAD_CREDENTIALS", loginByPassword(p, p.password()).code());
            Api.Reply in = loginByPassword(p, NEW_PASSWORD);
            assertEquals(200, in.status(), in.text());
            String fresh = in.json().getString("token");
            assertEquals(200, other.api().get("/api/v1/me", Api.bearer(fresh)).status(), "a session after the reset works everywhere");
        } finally {
            other.afterAll(null);
        }
    }

    @Test
    @DisplayName("a reset by phone lifts the ACCOUNT_LOCKED lockout")
    void resetLiftsLockout() {
        Onboarding.Person p = on.register("格桑卓玛");
        for (int i = 0; i < 5; i++) {
            assertEquals("BAD_CREDENTIALS", loginByPassword(p, "Wrong12345").code());
        }
        assertEquals("ACCOUNT_LOCKED", loginByPassword(p, p.password()).code());
        Api.Reply r = reset(new JsonObject().put("method", "PHONE").put("phone", p.phone()), on.code("RESET_PASSWORD", p.phone()),
                NEW_PASSWORD);
        assertEquals(204, r.status(), r.text());
        Api.Reply in = loginByPassword(p, NEW_PASSWORD);
        assertEquals(200, in.status(), in.text());
    }

    @Test
    @DisplayName("an unknown account, a wrong name and a wrong code are the same SMS_CODE_INVALID; nothing changes")
    void noEnumeration() {
        Onboarding.Person p = on.register("旺堆");
        String code = resetCodeByPerson(p);
        String wrong = code.equals("111111") ? "222222" : "111111";
        Api.Reply wrongCode = reset(byId(p), wrong, NEW_PASSWORD);
        Api.Reply stranger = reset(byId(p).put("idNumber", Onboarding.idNumber()), code, NEW_PASSWORD);
        Api.Reply wrongName = reset(byId(p).put("name", "多吉"), code, NEW_PASSWORD);
        Api.Reply unknownPhone = reset(new JsonObject().put("method", "PHONE").put("phone", Onboarding.phone()), code, NEW_PASSWORD);
        for (Api.Reply r : new Api.Reply[] {wrongCode, stranger, wrongName, unknownPhone}) {
            assertEquals(400, r.status(), r.text());
            assertEquals("SMS_CODE_INVALID", r.code());
            assertEquals(wrongCode.text(), r.text());
        }
        Api.Reply in = loginByPassword(p, p.password());
        assertEquals(200, in.status(), "the password is unchanged: " + in.text());
    }

    @Test
    @DisplayName("a wrong captcha or a weak new password refuses before the code is spent; the same code then resets")
    void cheapChecksFirst() {
        Onboarding.Person p = on.register("拉巴次仁");
        String code = resetCodeByPerson(p);
        Api.Reply badCaptcha = app.api().post("/api/v1/password-resets", byId(p).put("smsCode", code).put("newPassword", NEW_PASSWORD)
                .put("captchaId", "7f1d2c3b-0000-4000-8000-000000000000").put("captchaAnswer", "ABCD").encode());
        assertEquals(400, badCaptcha.status());
        assertEquals("CAPTCHA_INVALID", badCaptcha.code());
        Api.Reply weak = reset(byId(p), code, "onlyletters");
        assertEquals("VALIDATION", weak.code());
        assertEquals("newPassword", weak.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        Api.Reply noMethod = reset(new JsonObject().put("method", "EMAIL"), code, NEW_PASSWORD);
        assertEquals("VALIDATION", noMethod.code());
        assertFalse(noMethod.text().contains(p.idNumber()));
        assertEquals(204, reset(byId(p), code, NEW_PASSWORD).status());
        assertEquals("SMS_CODE_INVALID", reset(byId(p), code, NEW_PASSWORD).code(), "a code is single use");
    }
}
