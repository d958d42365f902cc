package cn.zikao.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.platform.Texts;
import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default limits: one code per phone per 60 seconds. */
class SmsCodeTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);

    @Test
    @DisplayName("a code request answers 202 with the masked phone; the outbox holds the 6-digit code encrypted and the dispatcher sends it")
    void codeIsQueuedAndSent() throws Exception {
        String phone = Onboarding.phone();
        Api.Reply r = on.requestCode("REGISTER", Map.of("phone", phone));
        assertEquals(202, r.status(), r.text());
        assertEquals(new JsonObject().put("sentTo", phone.substring(0, 3) + "****" + phone.substring(7))
                .put("resendAfterSeconds", 60).put("expiresInSeconds", 300), r.json());
        String code = on.latestCode("REGISTER", phone);
        assertTrue(code.matches("[0-9]{6}"));
        try (Connection c = app.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT params_enc, phone_enc, template_code FROM sms_outbox ORDER BY id DESC LIMIT 1")) {
            rs.next();
            assertFalse(new String(rs.getBytes("params_enc"), StandardCharsets.ISO_8859_1).contains(code));
            assertFalse(new String(rs.getBytes("phone_enc"), StandardCharsets.ISO_8859_1).contains(phone));
            assertEquals("code", rs.getString("template_code"));
        }
        JsonObject sent = null;
        for (int i = 0; i < 50 && sent == null; i++) {
            JsonObject m = app.api().get("/dev/sms?phone=" + phone).array().getJsonObject(0);
            sent = "SENT".equals(m.getString("status")) ? m : null;
            Thread.sleep(100);
        }
        assertTrue(sent != null && sent.getString("sentAt").endsWith("+08:00"));
        assertTrue(sent.getString("text").contains(code));
        try (var redis = app.redis()) {
            Set<String> keys = redis.keys("*");
            assertTrue(keys.stream().noneMatch(k -> k.contains(phone) || k.contains(code)), keys.toString());
            String codeKey = keys.stream().filter(k -> k.endsWith(":code:REGISTER")).findFirst().orElseThrow();
            Map<String, String> stored = redis.hgetAll(codeKey);
            assertEquals(Set.of("d", "x", "t"), stored.keySet());
            assertFalse(stored.values().stream().anyMatch(v -> v.contains(code)));
        }
    }

    @Test
    @DisplayName("a code asked for in Tibetan (Accept-Language: bo, or the pages' zk_lang cookie without one) is written in Tibetan")
    void codeInTheCandidatesLanguage() {
        String byHeader = Onboarding.phone();
        String byCookie = Onboarding.phone();
        String chinese = Onboarding.phone();
        assertEquals(202, ask(byHeader, "Accept-Language", "bo").status());
        assertEquals(202, ask(byCookie, "Cookie", "zk_lang=bo").status());
        assertEquals(202, ask(chinese, "Accept-Language", "zh-CN,zh;q=0.9", "Cookie", "zk_lang=bo").status());
        for (String phone : List.of(byHeader, byCookie)) {
            String code = on.latestCode("REGISTER", phone);
            assertEquals(SmsTemplates.text(SmsTemplates.CODE, Map.of("code", code), Texts.BO), text(phone));
            assertTrue(text(phone).startsWith("【བོད་རང་སྐྱོང་ལྗོངས་སློབ་གསོའི་རྒྱུགས་ལེན་ཁང་།】"), text(phone));
        }
        String code = on.latestCode("REGISTER", chinese);
        assertEquals("【西藏自治区教育考试院】您的验证码为" + code + "，5分钟内有效，请勿告诉他人。", text(chinese));
    }

    @Test
    @DisplayName("新生注册 from a Tibetan page (Accept-Language: bo) sends its 准考证号 message in Tibetan")
    void registrationMessageInTibetan() {
        String phone = Onboarding.phone();
        Map<String, String> f = Onboarding.registrationFields("扎西", Onboarding.idNumber(), phone);
        f.put("smsCode", on.code("REGISTER", phone));
        Api.Reply r = app.api().send(on.multipart("POST", "/api/v1/registrations", f, Onboarding.registrationImages(),
                "Accept-Language", "bo"));
        assertEquals(201, r.status(), r.text());
        JsonArray messages = app.api().get("/dev/sms?phone=" + phone).array();
        String registered = messages.stream().map(JsonObject.class::cast).filter(m -> m.getString("code") == null)
                .map(m -> m.getString("text")).findFirst().orElseThrow();
        assertEquals(SmsTemplates.text(SmsTemplates.REGISTERED, Map.of("admissionNo", r.json().getString("admissionNo")), Texts.BO),
                registered);
    }

    private Api.Reply ask(String phone, String... headers) {
        Map<String, Object> body = new LinkedHashMap<>(on.captcha());
        body.put("purpose", "REGISTER");
        body.put("phone", phone);
        return app.api().post("/api/v1/sms-codes", new JsonObject(body).encode(), headers);
    }

    private static String text(String phone) {
        return app.api().get("/dev/sms?phone=" + phone).array().getJsonObject(0).getString("text");
    }

    @Test
    @DisplayName("a second code for the same phone within the cooldown is 429 SMS_TOO_FREQUENT with Retry-After")
    void cooldown() {
        String phone = Onboarding.phone();
        assertEquals(202, on.requestCode("REGISTER", Map.of("phone", phone)).status());
        Api.Reply again = on.requestCode("REGISTER", Map.of("phone", phone));
        assertEquals(429, again.status(), again.text());
        assertEquals("SMS_TOO_FREQUENT", again.code());
        int retry = Integer.parseInt(again.header("Retry-After"));
        assertTrue(retry > 0 && retry <= 60, "Retry-After " + retry);
        assertEquals(1, app.api().get("/dev/sms?phone=" + phone).array().size());
    }

    @Test
    @DisplayName("LOGIN and RESET_PASSWORD for an unknown phone or name + ID number answer 202 like any other and send nothing")
    void noEnumeration() {
        String phone = Onboarding.phone();
        Api.Reply byPhone = on.requestCode("LOGIN", Map.of("phone", phone));
        assertEquals(202, byPhone.status(), byPhone.text());
        assertEquals(phone.substring(0, 3) + "****" + phone.substring(7), byPhone.json().getString("sentTo"));
        Api.Reply reset = on.requestCode("RESET_PASSWORD", Map.of("phone", Onboarding.phone()));
        assertEquals(202, reset.status());
        String id = Onboarding.idNumber();
        Api.Reply byPerson = on.requestCode("LOGIN", Map.of("name", "扎西", "idNumber", id));
        assertEquals(202, byPerson.status(), byPerson.text());
        assertTrue(byPerson.json().getString("sentTo").matches("1[3-9][0-9]\\*{4}[0-9]{4}"));
        assertEquals(0, app.api().get("/dev/sms?phone=" + phone).array().size());
        assertFalse(byPerson.text().contains(id));
    }

    @Test
    @DisplayName("LOGIN by name + ID number sends the code to the bound phone")
    void loginCodeGoesToTheBoundPhone() {
        Onboarding.Person p = new Onboarding(app).register("扎西多吉");
        try (var redis = app.redis()) {
            redis.keys("zk:sms:*:cool").forEach(redis::del);
        }
        Api.Reply r = on.requestCode("LOGIN", Map.of("name", p.name(), "idNumber", p.idNumber()));
        assertEquals(202, r.status(), r.text());
        assertEquals(p.phone().substring(0, 3) + "****" + p.phone().substring(7), r.json().getString("sentTo"));
        JsonArray msgs = app.api().get("/dev/sms?phone=" + p.phone()).array();
        assertEquals("LOGIN", msgs.getJsonObject(0).getString("purpose"));
    }

    @Test
    @DisplayName("a bad purpose, phone or ID number is 400 VALIDATION")
    void validation() {
        assertEquals("VALIDATION", on.requestCode("SPAM", Map.of("phone", Onboarding.phone())).code());
        assertEquals("VALIDATION", on.requestCode("REGISTER", Map.of("phone", "12345678901")).code());
        assertEquals("VALIDATION", on.requestCode("REGISTER", Map.of()).code());
        assertEquals("VALIDATION", on.requestCode("LOGIN", Map.of("name", "扎西", "idNumber", "540102199001011234")).code());
        assertEquals("VALIDATION", app.api().post("/api/v1/sms-codes", "not json").code());
        assertEquals("VALIDATION", app.api().get("/dev/sms?phone=abc").code());
    }
}
