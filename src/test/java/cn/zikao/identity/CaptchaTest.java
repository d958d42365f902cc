package cn.zikao.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CaptchaTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0");
    private final Onboarding on = new Onboarding(app);

    @Test
    @DisplayName("a captcha is a 240×72 PNG of 6 characters without look-alikes; Redis keeps only a SHA-256 of its answer, for 120 seconds")
    void captchaIsAPng() throws Exception {
        Api.Reply r = app.api().post("/api/v1/captchas", "{}");
        assertEquals(201, r.status(), r.text());
        assertEquals("no-store", r.header("Cache-Control"));
        String id = r.json().getString("captchaId");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(r.json().getString("imagePng"))));
        assertEquals(240, png.getWidth());
        assertEquals(72, png.getHeight());
        String answer = app.api().get("/dev/captchas/" + id).json().getString("answer");
        assertTrue(answer.matches("[AEFHKMNPRWXY3479]{6}"), answer);
        try (var redis = app.redis()) {
            String stored = redis.get("zk:captcha:" + id);
            assertEquals(64, stored.length());
            assertNotEquals(answer, stored);
            long ttl = redis.ttl("zk:captcha:" + id);
            assertTrue(ttl > 100 && ttl <= 120, "ttl " + ttl);
        }
    }

    @Test
    @DisplayName("a solver meets 16^6 answers instead of 32^4, no two pictures of one answer alike, and no look-alike characters (0/O, 1/I/L, 2/Z, 5/S, 8/B...)")
    void harderToSolve() {
        assertEquals(16, Captchas.ALPHABET.length());
        assertEquals(6, Captchas.LENGTH);
        for (char c : "0OQD1ILJT2Z5S6Gb8BUVC".toCharArray()) {
            assertEquals(-1, Captchas.ALPHABET.indexOf(c), "look-alike " + c);
        }
        assertTrue(Math.pow(Captchas.ALPHABET.length(), Captchas.LENGTH) > 15 * Math.pow(32, 4));
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] one = CaptchaImage.draw("AEFHKM", random);
        byte[] two = CaptchaImage.draw("AEFHKM", random);
        assertNotEquals(java.util.Arrays.toString(one), java.util.Arrays.toString(two), "distortion and noise differ every time");
        assertTrue(one.length < 24 * 1024, "small enough for a phone on a slow link: " + one.length + " bytes");
    }

    @Test
    @DisplayName("a captcha is good once: the second use of the same id is 400 CAPTCHA_INVALID")
    void singleUse() {
        Map<String, Object> c = on.captcha();
        Map<String, Object> body = new java.util.HashMap<>(c);
        body.put("purpose", "REGISTER");
        body.put("phone", Onboarding.phone());
        String json = new io.vertx.core.json.JsonObject(body).encode();
        assertEquals(202, app.api().post("/api/v1/sms-codes", json).status());
        Api.Reply again = app.api().post("/api/v1/sms-codes", json);
        assertEquals(400, again.status());
        assertEquals("CAPTCHA_INVALID", again.code());
    }

    @Test
    @DisplayName("a wrong answer is 400 CAPTCHA_INVALID and spends the captcha; answers are case-insensitive")
    void wrongAnswerSpendsIt() {
        Map<String, Object> c = on.captcha();
        String answer = (String) c.get("captchaAnswer");
        Api.Reply wrong = app.api().post("/api/v1/sms-codes", new io.vertx.core.json.JsonObject()
                .put("purpose", "REGISTER").put("phone", Onboarding.phone()).put("captchaId", c.get("captchaId"))
                .put("captchaAnswer", answer.equals("AAAA") ? "BBBB" : "AAAA").encode());
        assertEquals("CAPTCHA_INVALID", wrong.code());
        Api.Reply late = app.api().post("/api/v1/sms-codes", new io.vertx.core.json.JsonObject()
                .put("purpose", "REGISTER").put("phone", Onboarding.phone()).put("captchaId", c.get("captchaId"))
                .put("captchaAnswer", answer).encode());
        assertEquals("CAPTCHA_INVALID", late.code());
        Map<String, Object> d = on.captcha();
        Api.Reply lower = app.api().post("/api/v1/sms-codes", new io.vertx.core.json.JsonObject()
                .put("purpose", "REGISTER").put("phone", Onboarding.phone()).put("captchaId", d.get("captchaId"))
                .put("captchaAnswer", ((String) d.get("captchaAnswer")).toLowerCase()).encode());
        assertEquals(202, lower.status(), lower.text());
    }

    @Test
    @DisplayName("an unknown or malformed captcha id is 400 CAPTCHA_INVALID, and the dev helper answers 404 for it")
    void unknownIds() {
        for (String id : new String[] {"7f1d2c3b-0000-4000-8000-000000000000", "../../etc", ""}) {
            Api.Reply r = app.api().post("/api/v1/sms-codes", new io.vertx.core.json.JsonObject().put("purpose", "REGISTER")
                    .put("phone", Onboarding.phone()).put("captchaId", id).put("captchaAnswer", "ABCD").encode());
            assertEquals("CAPTCHA_INVALID", r.code(), id);
        }
        assertEquals(404, app.api().get("/dev/captchas/7f1d2c3b-0000-4000-8000-000000000000").status());
    }
}
