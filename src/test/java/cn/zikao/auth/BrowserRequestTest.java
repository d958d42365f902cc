package cn.zikao.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.platform.Contract;
import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What another site can make a victim's browser send: a simple form or a no-cors fetch (text/plain, form encodings),
 * and cookies it planted itself. Neither gets anything done.
 */
class BrowserRequestTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0");

    private final Onboarding on = new Onboarding(app);

    @Test
    @DisplayName("a cross-site text/plain login (into the attacker's account) is 415 UNSUPPORTED_MEDIA_TYPE, sets no cookie and spends neither captcha nor code")
    void textPlainLoginRefused() {
        Onboarding.Person attacker = on.register("扎西");
        String code = on.code("LOGIN", attacker.phone());
        JsonObject body = new JsonObject(on.captcha()).put("method", "PHONE").put("phone", attacker.phone()).put("smsCode", code);
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "text/plain; charset=utf-8")) {
            Api.Reply r = app.api().send(app.api().builder("/api/v1/sessions").header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
            assertEquals(415, r.status(), type + ": " + r.text());
            assertEquals("UNSUPPORTED_MEDIA_TYPE", r.code());
            assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.header("Content-Type"));
            assertEquals(List.of(), r.headers().allValues("set-cookie"), type);
        }
        Api.Reply untyped = app.api().send(app.api().builder("/api/v1/sessions")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
        assertEquals(415, untyped.status(), "a body without a type: " + untyped.text());
        Api.Reply json = app.api().send(app.api().builder("/api/v1/sessions").header("Content-Type", "Application/JSON; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
        assertEquals(200, json.status(), "the same captcha and code still sign in as JSON: " + json.text());
    }

    @Test
    @DisplayName("every operation with a body declares 415 and answers it to text/plain; multipart ones refuse JSON")
    void everyBodyOperationChecksItsType() {
        List<String> wrong = new ArrayList<>();
        for (Contract.Operation op : Contract.load().operations()) {
            if (op.body() == Contract.BodyKind.NONE) {
                continue;
            }
            String path = op.path().replace("{sittingCode}", "271").replace("{code}", "271")
                    .replaceAll("\\{[A-Za-z]+}", "00000000-0000-0000-0000-000000000000");
            String type = op.body() == Contract.BodyKind.JSON ? "text/plain" : "application/json";
            Api.Reply r = app.api().send(app.api().builder(path).header("Content-Type", type)
                    .method(op.method(), HttpRequest.BodyPublishers.ofString("{}")).build());
            if (r.status() != 415 || !"UNSUPPORTED_MEDIA_TYPE".equals(r.code()) || !op.statuses().contains(415)) {
                wrong.add(op.id() + " answered " + r.status() + " " + r.code() + ", declares " + op.statuses());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    @DisplayName("the CSRF token is bound to its session: the attacker's own token and cookie, planted beside the victim's session, are 403 CSRF_INVALID")
    void csrfFromAnotherSessionRefused() {
        Onboarding.Person victim = on.register("次仁");
        Onboarding.Person attacker = on.register("扎西");
        Api.Reply v = login(victim);
        Api.Reply a = login(attacker);
        String victimSession = cookie(v, "zk_session");
        String victimCsrf = cookie(v, "zk_csrf");
        String attackerCsrf = cookie(a, "zk_csrf");
        assertNotEquals(victimCsrf, attackerCsrf);
        assertEquals(app.app().auth().sessions().csrfToken(jti(v)), victimCsrf, "the token is the session's own");

        String planted = "zk_session=" + victimSession + "; zk_csrf=" + attackerCsrf;
        Api.Reply refused = app.api().patch("/api/v1/me", "{\"unit\":\"攻击者中学\"}", "Cookie", planted, "X-CSRF-Token", attackerCsrf);
        assertEquals(403, refused.status(), refused.text());
        assertEquals("CSRF_INVALID", refused.code());
        assertNotEquals("攻击者中学", app.api().get("/api/v1/me", "Cookie", "zk_session=" + victimSession).json().getString("unit"));

        String own = "zk_session=" + victimSession + "; zk_csrf=" + victimCsrf;
        Api.Reply done = app.api().patch("/api/v1/me", "{\"unit\":\"拉萨中学\"}", "Cookie", own, "X-CSRF-Token", victimCsrf);
        assertEquals(200, done.status(), done.text());
        List<String> cookies = v.headers().allValues("set-cookie");
        assertTrue(cookies.stream().noneMatch(c -> c.toLowerCase().contains("secure")), "dev cookies work over plain HTTP: " + cookies);
        assertNull(v.header("Strict-Transport-Security"), "no HSTS in dev");
    }

    private Api.Reply login(Onboarding.Person p) {
        String code = on.code("LOGIN", p.phone());
        Api.Reply r = app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "PHONE")
                .put("phone", p.phone()).put("smsCode", code).encode());
        assertEquals(200, r.status(), r.text());
        return r;
    }

    private static String jti(Api.Reply login) {
        String payload = login.json().getString("token").split("\\.")[1];
        return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8))
                .getString("jti");
    }

    static String cookie(Api.Reply r, String name) {
        return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).orElseThrow();
    }
}
