package cn.zikao.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daily cap (10, the default) counts per phone and requesting address, the ceiling (30, the default) per phone
 * from every address; no cooldown here. Client addresses are named by the trusted proxy (127.0.0.0/8 here).
 */
class SmsRequesterCapTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_TRUSTED_PROXIES", "127.0.0.0/8")
            .env("ZIKAO_SMS_COOLDOWN_SECONDS", "0").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);

    private Api.Reply ask(String from, Map<String, Object> who) {
        JsonObject body = new JsonObject(on.captcha()).put("purpose", "LOGIN").mergeIn(new JsonObject(who));
        return app.api().post("/api/v1/sms-codes", body.encode(), "X-Forwarded-For", from);
    }

    private long loginCodesSent(String phone) {
        JsonArray msgs = app.api().get("/dev/sms?phone=" + phone).array();
        return msgs.stream().filter(m -> "LOGIN".equals(((JsonObject) m).getString("purpose"))).count();
    }

    private static void dailyLimit(Api.Reply r) {
        assertEquals(429, r.status(), r.text());
        assertEquals("SMS_DAILY_LIMIT", r.code());
    }

    @Test
    @DisplayName("an attacker who spent 10 codes by name + ID number from their address is refused there, and the victim still gets login codes from theirs and logs in")
    void attackerCannotSpendTheVictimsCodes() {
        Onboarding.Person v = on.register("扎西多吉");
        Map<String, Object> byPerson = Map.of("name", v.name(), "idNumber", v.idNumber());
        for (int i = 0; i < 10; i++) {
            assertEquals(202, ask("203.0.113.66", byPerson).status());
        }
        dailyLimit(ask("203.0.113.66", byPerson));
        dailyLimit(ask("203.0.113.66", Map.of("name", "次仁", "idNumber", v.idNumber())));
        dailyLimit(ask("203.0.113.66", Map.of("phone", v.phone())));
        assertEquals(10, loginCodesSent(v.phone()));

        Api.Reply mine = ask("198.51.100.9", Map.of("phone", v.phone()));
        assertEquals(202, mine.status(), mine.text());
        assertEquals(11, loginCodesSent(v.phone()));
        Api.Reply byPhone = app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "PHONE")
                .put("phone", v.phone()).put("smsCode", on.latestCode("LOGIN", v.phone())).encode(), "X-Forwarded-For", "198.51.100.9");
        assertEquals(200, byPhone.status(), byPhone.text());

        assertEquals(202, ask("198.51.100.9", byPerson).status());
        assertEquals(12, loginCodesSent(v.phone()));
        Api.Reply byPassword = app.api().post("/api/v1/sessions", new JsonObject(on.captcha()).put("method", "ID_PASSWORD")
                .put("name", v.name()).put("idNumber", v.idNumber()).put("password", v.password())
                .put("smsCode", on.latestCode("LOGIN", v.phone())).encode(), "X-Forwarded-For", "198.51.100.9");
        assertEquals(200, byPassword.status(), byPassword.text());
    }

    @Test
    @DisplayName("a phone gets at most 30 codes a day from all addresses, its registration code among them; past that, asking by name + ID number still answers 202 and sends nothing")
    void ceilingPerPhone() {
        Onboarding.Person v = on.register("次仁");
        String[] from = {"192.0.2.1", "192.0.2.2", "192.0.2.3"};
        for (int a = 0; a < 3; a++) {
            for (int i = 0; i < (a < 2 ? 10 : 9); i++) {
                assertEquals(202, ask(from[a], Map.of("phone", v.phone())).status());
            }
        }
        assertEquals(29, loginCodesSent(v.phone()));
        dailyLimit(ask("192.0.2.3", Map.of("phone", v.phone())));
        dailyLimit(ask("192.0.2.4", Map.of("phone", v.phone())));
        Api.Reply byPerson = ask("192.0.2.4", Map.of("name", v.name(), "idNumber", v.idNumber()));
        assertEquals(202, byPerson.status(), byPerson.text());
        assertEquals(v.phone().substring(0, 3) + "****" + v.phone().substring(7), byPerson.json().getString("sentTo"));
        assertEquals(29, loginCodesSent(v.phone()));
    }
}
