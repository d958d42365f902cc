package cn.zikao.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import cn.zikao.testing.Work;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);

    private Api.Reply loginByPassword(Onboarding.Person p, String name, String idNumber, String password, String code) {
        JsonObject body = new JsonObject(on.captcha()).put("method", "ID_PASSWORD").put("name", name)
                .put("idNumber", idNumber).put("password", password).put("smsCode", code);
        return app.api().post("/api/v1/sessions", body.encode());
    }

    private String loginCodeByPerson(Onboarding.Person p) {
        Api.Reply r = on.requestCode("LOGIN", Map.of("name", p.name(), "idNumber", p.idNumber()));
        assertEquals(202, r.status(), r.text());
        assertEquals(p.phone().substring(0, 3) + "****" + p.phone().substring(7), r.json().getString("sentTo"));
        return on.latestCode("LOGIN", p.phone());
    }

    @Test
    @DisplayName("login by name, ID number, password and SMS code answers the token and sets the session and CSRF cookies")
    void loginByPassword() {
        Onboarding.Person p = on.register("扎西多吉");
        Api.Reply r = loginByPassword(p, p.name(), p.idNumber(), p.password(), loginCodeByPerson(p));
        assertEquals(200, r.status(), r.text());
        JsonObject b = r.json();
        assertNotNull(b.getString("token"));
        assertTrue(b.getString("expiresAt").endsWith("+08:00"));
        assertEquals(p.admissionNo(), b.getJsonObject("candidate").getString("admissionNo"));
        assertEquals(p.idNumber().substring(0, 4) + "**********" + p.idNumber().substring(14),
                b.getJsonObject("candidate").getString("idNumberMasked"));
        assertFalse(r.text().contains(p.idNumber()) || r.text().contains(p.phone()));
        List<String> cookies = r.headers().allValues("set-cookie");
        String session = cookies.stream().filter(c -> c.startsWith("zk_session=")).findFirst().orElseThrow();
        String csrf = cookies.stream().filter(c -> c.startsWith("zk_csrf=")).findFirst().orElseThrow();
        assertTrue(session.toLowerCase().contains("httponly") && session.contains("SameSite=Strict") && session.contains("Path=/"), session);
        assertTrue(!csrf.toLowerCase().contains("httponly") && csrf.contains("SameSite=Strict"), csrf);
        assertEquals(200, app.api().get("/api/v1/me", Api.bearer(b.getString("token"))).status());
    }

    @Test
    @DisplayName("a wrong password, a wrong name and an unknown ID number are all the same 401 BAD_CREDENTIALS; without a right code a known and an unknown ID number take the same time")
    void badCredentials() {
        Onboarding.Person p = on.register("扎西多吉");
        String code = loginCodeByPerson(p);
        Api.Reply wrongPassword = loginByPassword(p, p.name(), p.idNumber(), "Wrong12345", code);
        Api.Reply wrongName = loginByPassword(p, "次仁", p.idNumber(), p.password(), code);
        Api.Reply unknown = loginByPassword(p, p.name(), Onboarding.idNumber(), p.password(), code);
        for (Api.Reply r : List.of(wrongPassword, wrongName, unknown)) {
            assertEquals(401, r.status(), r.text());
            assertEquals("BAD_CREDENTIALS", r.code());
        }
        assertEquals(wrongPassword.text(), unknown.text());
        Onboarding.Person q = on.register("次仁");
        long known = median(() -> loginByPassword(q, q.name(), q.idNumber(), "Wrong12345", "000000"));
        long stranger = median(() -> loginByPassword(q, q.name(), Onboarding.idNumber(), "Wrong12345", "000000"));
        assertTrue(stranger * 3 > known && known * 3 > stranger, "known " + known + " ms, unknown " + stranger + " ms");
        assertEquals(200, loginByPassword(p, p.name(), p.idNumber(), p.password(), loginCodeByPerson(p)).status());
    }

    @Test
    @DisplayName("without the phone's code nothing is learnt of the password: a right and a wrong password with a wrong code get byte-identical 401 BAD_CREDENTIALS, hash nothing and lock nothing")
    void noPasswordOracleWithoutTheCode() {
        Onboarding.Person p = on.register("扎西多吉");
        String code = loginCodeByPerson(p);
        String wrongCode = code.equals("111111") ? "222222" : "111111";
        long hashed = Work.admitted(app, "passwords");
        Api.Reply rightPassword = loginByPassword(p, p.name(), p.idNumber(), p.password(), wrongCode);
        Api.Reply wrongPassword = loginByPassword(p, p.name(), p.idNumber(), "Wrong12345", wrongCode);
        Api.Reply unknown = loginByPassword(p, p.name(), Onboarding.idNumber(), p.password(), wrongCode);
        for (Api.Reply r : List.of(rightPassword, wrongPassword, unknown)) {
            assertEquals(401, r.status(), r.text());
            assertEquals("BAD_CREDENTIALS", r.code());
        }
        assertEquals(rightPassword.text(), wrongPassword.text());
        assertEquals(rightPassword.text(), unknown.text());
        assertEquals(hashed, Work.admitted(app, "passwords"), "a wrong code costs no password hash");
        // the code had 5 tries and 3 went; a new one, and 10 wrong codes lock nothing
        for (int i = 0; i < 10; i++) {
            assertEquals("BAD_CREDENTIALS", loginByPassword(p, p.name(), p.idNumber(), "Wrong12345", wrongCode).code());
        }
        Api.Reply ok = loginByPassword(p, p.name(), p.idNumber(), p.password(), loginCodeByPerson(p));
        assertEquals(200, ok.status(), ok.text());
    }

    @Test
    @DisplayName("a right code is kept through a wrong password (the candidate retypes the password, not the code) and used up by the login")
    void codeKeptThroughAWrongPassword() {
        Onboarding.Person p = on.register("扎西多吉");
        String code = loginCodeByPerson(p);
        assertEquals("BAD_CREDENTIALS", loginByPassword(p, p.name(), p.idNumber(), "Wrong12345", code).code());
        Api.Reply ok = loginByPassword(p, p.name(), p.idNumber(), p.password(), code);
        assertEquals(200, ok.status(), ok.text());
        Api.Reply again = loginByPassword(p, p.name(), p.idNumber(), p.password(), code);
        assertEquals(401, again.status(), again.text());
        assertEquals("BAD_CREDENTIALS", again.code(), "a code logs in once");
    }

    private long median(java.util.function.Supplier<Api.Reply> call) {
        long[] t = new long[3];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            call.get();
            t[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        java.util.Arrays.sort(t);
        return t[1];
    }

    @Test
    @DisplayName("5 wrong passwords (with the right code) in 15 minutes lock the ID number (429 ACCOUNT_LOCKED, even with the right password) until 15 minutes pass")
    void lockout() {
        Onboarding.Person p = on.register("扎西多吉");
        String code = loginCodeByPerson(p);
        for (int i = 0; i < 5; i++) {
            assertEquals("BAD_CREDENTIALS", loginByPassword(p, p.name(), p.idNumber(), "Wrong12345", code).code());
        }
        Api.Reply locked = loginByPassword(p, p.name(), p.idNumber(), p.password(), loginCodeByPerson(p));
        assertEquals(429, locked.status(), locked.text());
        assertEquals("ACCOUNT_LOCKED", locked.code());
        int retry = Integer.parseInt(locked.header("Retry-After"));
        assertTrue(retry > 800 && retry <= 900, "Retry-After " + retry);
        app.clock().advance(Duration.ofMinutes(15).plusSeconds(1));
        Api.Reply again = loginByPassword(p, p.name(), p.idNumber(), p.password(), loginCodeByPerson(p));
        assertEquals(200, again.status(), again.text());
    }

    @Test
    @DisplayName("login by phone needs a captcha and the LOGIN code: a wrong captcha is CAPTCHA_INVALID, a wrong code SMS_CODE_INVALID")
    void loginByPhone() {
        Onboarding.Person p = on.register("扎西多吉");
        String code = on.code("LOGIN", p.phone());
        Api.Reply noCaptcha = app.api().post("/api/v1/sessions", new JsonObject().put("method", "PHONE").put("phone", p.phone())
                .put("smsCode", code).put("captchaId", "7f1d2c3b-0000-4000-8000-000000000000").put("captchaAnswer", "ABCD").encode());
        assertEquals("CAPTCHA_INVALID", noCaptcha.code());
        Api.Reply wrong = app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "PHONE")
                .put("phone", p.phone()).put("smsCode", code.equals("111111") ? "222222" : "111111").encode());
        assertEquals(400, wrong.status());
        assertEquals("SMS_CODE_INVALID", wrong.code());
        Api.Reply ok = app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "PHONE")
                .put("phone", p.phone()).put("smsCode", code).encode());
        assertEquals(200, ok.status(), ok.text());
        Api.Reply bad = app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "EMAIL").put("smsCode", "1").encode());
        assertEquals("VALIDATION", bad.code());
    }

    @Test
    @DisplayName("logout answers 204, kills the token at once and clears the cookies")
    void logout() {
        Onboarding.Person p = on.register("扎西多吉");
        String token = on.login(p);
        Api.Reply out = app.api().delete("/api/v1/sessions/current", Api.bearer(token));
        assertEquals(204, out.status(), out.text());
        assertTrue(out.headers().allValues("set-cookie").stream().anyMatch(c -> c.startsWith("zk_session=;") && c.contains("Max-Age=0")),
                out.headers().allValues("set-cookie").toString());
        Api.Reply me = app.api().get("/api/v1/me", Api.bearer(token));
        assertEquals(401, me.status());
        assertEquals("UNAUTHENTICATED", me.code());
        assertEquals(401, app.api().delete("/api/v1/sessions/current", Api.bearer(token)).status());
    }

    @Test
    @DisplayName("pages use the cookie: reads pass, a state change without the matching X-CSRF-Token is 403 CSRF_INVALID")
    void cookieAndCsrf() {
        Onboarding.Person p = on.register("扎西多吉");
        String code = on.code("LOGIN", p.phone());
        Api.Reply r = app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "PHONE")
                .put("phone", p.phone()).put("smsCode", code).encode());
        String session = cookie(r, "zk_session");
        String csrf = cookie(r, "zk_csrf");
        String cookies = "zk_session=" + session + "; zk_csrf=" + csrf;
        assertEquals(200, app.api().get("/api/v1/me", "Cookie", cookies).status());
        Api.Reply noHeader = app.api().patch("/api/v1/me", "{\"unit\":\"拉萨中学\"}", "Cookie", cookies);
        assertEquals(403, noHeader.status());
        assertEquals("CSRF_INVALID", noHeader.code());
        Api.Reply withHeader = app.api().patch("/api/v1/me", "{\"unit\":\"拉萨中学\"}", "Cookie", cookies, "X-CSRF-Token", csrf);
        assertEquals(200, withHeader.status(), withHeader.text());
    }

    @Test
    @DisplayName("tampered, alg:none, other-algorithm and expired tokens are 401 UNAUTHENTICATED")
    void badTokens() throws Exception {
        Onboarding.Person p = on.register("扎西多吉");
        String token = on.login(p);
        String[] parts = token.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        String otherSub = b64.encodeToString(claims.copy().put("sub", "1").encode().getBytes(StandardCharsets.UTF_8));
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String hs384 = b64.encodeToString("{\"alg\":\"HS384\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA384");
        mac.init(new SecretKeySpec(app.config().jwt().secret().getBytes(StandardCharsets.UTF_8), "HmacSHA384"));
        String hs384Sig = b64.encodeToString(mac.doFinal((hs384 + "." + parts[1]).getBytes(StandardCharsets.UTF_8)));
        for (String bad : List.of(parts[0] + "." + otherSub + "." + parts[2], none + "." + parts[1] + ".",
                none + "." + otherSub + ".", hs384 + "." + parts[1] + "." + hs384Sig, tampered(token))) {
            Api.Reply r = app.api().get("/api/v1/me", Api.bearer(bad));
            assertEquals(401, r.status(), bad);
            assertEquals("UNAUTHENTICATED", r.code());
        }
        assertEquals(200, app.api().get("/api/v1/me", Api.bearer(token)).status());
        app.clock().advance(Duration.ofSeconds(app.config().jwt().ttlSeconds() + 1));
        assertEquals(401, app.api().get("/api/v1/me", Api.bearer(token)).status());
    }

    private static String cookie(Api.Reply r, String name) {
        return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst().orElseThrow()
                .split(";")[0].substring(name.length() + 1);
    }

    /** The token with one character of its signature changed (in the middle: the last one has bits no decoder reads). */
    private static String tampered(String token) {
        int at = token.lastIndexOf('.') + 10;
        return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }
}
