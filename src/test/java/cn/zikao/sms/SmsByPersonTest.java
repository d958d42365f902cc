package cn.zikao.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A code asked for by name + ID number tells nothing about the identity: the default cooldown (60 s); client
 * addresses named by the trusted proxy (127.0.0.0/8 here), each test with addresses of its own.
 */
class SmsByPersonTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_TRUSTED_PROXIES", "127.0.0.0/8")
            .env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);

    private Api.Reply ask(String from, String name, String idNumber) {
        return app.api().post("/api/v1/sms-codes", body(name, idNumber), "X-Forwarded-For", from);
    }

    private String body(String name, String idNumber) {
        return new JsonObject(on.captcha()).put("purpose", "LOGIN").put("name", name).put("idNumber", idNumber).encode();
    }

    private long loginCodesSent(String phone) {
        JsonArray msgs = app.api().get("/dev/sms?phone=" + phone).array();
        return msgs.stream().filter(m -> "LOGIN".equals(((JsonObject) m).getString("purpose"))).count();
    }

    private static void tooFrequent(Api.Reply r) {
        assertEquals(429, r.status(), r.text());
        assertEquals("SMS_TOO_FREQUENT", r.code());
        int retry = Integer.parseInt(r.header("Retry-After"));
        assertTrue(retry > 50 && retry <= 60, "Retry-After " + retry);
    }

    private static void sent(Api.Reply r) {
        assertEquals(202, r.status(), r.text());
        JsonObject b = r.json();
        assertEquals(Set.of("sentTo", "resendAfterSeconds", "expiresInSeconds"), b.fieldNames());
        assertEquals(60, b.getInteger("resendAfterSeconds"));
        assertEquals(300, b.getInteger("expiresInSeconds"));
        assertTrue(b.getString("sentTo").matches("1[3-9][0-9]\\*{4}[0-9]{4}"), b.getString("sentTo"));
    }

    /** A decoy's mask: shaped as a real one, with a carrier's prefix (the fixtures' own phones need not have one). */
    private static void decoy(Api.Reply r) {
        sent(r);
        String to = r.json().getString("sentTo");
        assertTrue(to.matches("1(3[0-9]|4[5-9]|5[0-35-9]|6[2567]|7[0-35-8]|8[0-9]|9[0-35-9])\\*{4}[0-9]{4}"), to);
    }

    @Test
    @DisplayName("a right name and a wrong one share the ID number's cooldown: whichever comes second is SMS_TOO_FREQUENT with the same Retry-After")
    void oneCooldownWhateverTheName() {
        Onboarding.Person p = on.register("扎西多吉");
        Api.Reply right = ask("203.0.113.10", p.name(), p.idNumber());
        sent(right);
        assertEquals(p.phone().substring(0, 3) + "****" + p.phone().substring(7), right.json().getString("sentTo"));
        tooFrequent(ask("203.0.113.10", "次仁", p.idNumber()));
        decoy(ask("203.0.113.11", "次仁", p.idNumber()));
        tooFrequent(ask("203.0.113.11", p.name(), p.idNumber()));
        assertEquals(1, loginCodesSent(p.phone()), "only the right name from the first address sent a code");
    }

    @Test
    @DisplayName("a wrong name or an unknown ID number answers 202 with a mask shaped like a real phone's, the same on every ask, another for another name")
    void decoysLookReal() {
        Onboarding.Person p = on.register("扎西多吉");
        Api.Reply wrong = ask("203.0.113.20", "次仁", p.idNumber());
        decoy(wrong);
        String mask = wrong.json().getString("sentTo");
        assertNotEquals(p.phone().substring(0, 3) + "****" + p.phone().substring(7), mask);
        Api.Reply again = ask("203.0.113.21", "次仁", p.idNumber());
        decoy(again);
        assertEquals(mask, again.json().getString("sentTo"), "the same name and ID number get the same mask");
        Api.Reply other = ask("203.0.113.22", "格桑", p.idNumber());
        decoy(other);
        assertNotEquals(mask, other.json().getString("sentTo"), "every wrong name has a mask of its own, as a right one would");
        String stranger = Onboarding.idNumber();
        Api.Reply unknown = ask("203.0.113.23", "扎西", stranger);
        decoy(unknown);
        assertEquals(unknown.json().getString("sentTo"), ask("203.0.113.24", "扎西", stranger).json().getString("sentTo"));
        tooFrequent(ask("203.0.113.23", "次仁", stranger));
        assertEquals(0, loginCodesSent(p.phone()));
        try (var redis = app.redis()) {
            Set<String> keys = redis.keys("*");
            assertTrue(keys.stream().noneMatch(k -> k.contains(p.idNumber()) || k.contains(stranger) || k.contains(p.phone())
                    || k.contains("203.0.113") || k.contains("次仁")), keys.toString());
        }
    }

    /** The median time of 5 answers, each from an address of its own, the captcha fetched before the clock starts. */
    private long median(java.util.function.IntFunction<String> from, String name, String idNumber) {
        long[] t = new long[5];
        for (int i = 0; i < t.length; i++) {
            String body = body(name, idNumber);
            long t0 = System.nanoTime();
            assertEquals(202, app.api().post("/api/v1/sms-codes", body, "X-Forwarded-For", from.apply(i)).status());
            t[i] = (System.nanoTime() - t0) / 1000;
        }
        java.util.Arrays.sort(t);
        return t[2];
    }
}
