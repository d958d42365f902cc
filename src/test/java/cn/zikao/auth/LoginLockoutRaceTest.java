package cn.zikao.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lockout's tries are taken atomically before the password is checked; room for 40 logins at once here. */
class LoginLockoutRaceTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_WORK_PASSWORDS", "2:64").env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);

    private JsonObject body(Onboarding.Person p, String password, String code) {
        return new JsonObject(on.captcha()).put("method", "ID_PASSWORD").put("name", p.name()).put("idNumber", p.idNumber())
                .put("password", password).put("smsCode", code);
    }

    private String loginCode(Onboarding.Person p) {
        assertEquals(202, on.requestCode("LOGIN", Map.of("name", p.name(), "idNumber", p.idNumber())).status());
        return on.latestCode("LOGIN", p.phone());
    }

    @Test
    @DisplayName("40 wrong passwords at once for one ID number: exactly 5 reach the password check (BAD_CREDENTIALS), 35 are ACCOUNT_LOCKED, and so is the right password after them")
    void parallelGuessesGetFiveTries() {
        Onboarding.Person p = on.register("扎西多吉");
        String code = loginCode(p);
        List<JsonObject> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(body(p, "Guess" + i + "x1234", code));
        }
        List<CompletableFuture<Api.Reply>> sent = bodies.stream()
                .map(b -> app.api().postAsync("/api/v1/sessions", b.encode())).toList();
        Map<String, Integer> answers = new TreeMap<>();
        for (CompletableFuture<Api.Reply> f : sent) {
            Api.Reply r = f.join();
            answers.merge(r.status() + " " + r.code(), 1, Integer::sum);
        }
        assertEquals(Map.of("401 BAD_CREDENTIALS", 5, "429 ACCOUNT_LOCKED", 35), answers);
        Api.Reply right = app.api().post("/api/v1/sessions", body(p, p.password(), loginCode(p)).encode());
        assertEquals("ACCOUNT_LOCKED", right.code(), right.text());
        app.clock().advance(Duration.ofMinutes(15).plusSeconds(1));
        assertEquals(200, app.api().post("/api/v1/sessions", body(p, p.password(), loginCode(p)).encode()).status());
    }

    @Test
    @DisplayName("a right password gives its try back, and so does a wrong code: after 4 wrong passwords, a right password with a wrong code and then with the right code logs in")
    void rightPasswordDoesNotCount() {
        Onboarding.Person p = on.register("次仁");
        String code = loginCode(p);
        for (int i = 0; i < 4; i++) {
            assertEquals("BAD_CREDENTIALS", app.api().post("/api/v1/sessions", body(p, "Wrong12345", code).encode()).code());
        }
        String wrongCode = code.equals("111111") ? "222222" : "111111";
        assertEquals("BAD_CREDENTIALS", app.api().post("/api/v1/sessions", body(p, p.password(), wrongCode).encode()).code());
        Api.Reply ok = app.api().post("/api/v1/sessions", body(p, p.password(), code).encode());
        assertEquals(200, ok.status(), ok.text());
        String next = loginCode(p);
        for (int i = 0; i < 5; i++) {
            assertEquals("BAD_CREDENTIALS", app.api().post("/api/v1/sessions", body(p, "Wrong12345", next).encode()).code(),
                    "a login clears the failures before it");
        }
    }
}
