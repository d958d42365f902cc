package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import cn.zikao.testing.Work;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Past its bound a class of work answers 503 BUSY at once, with Retry-After, and spends nothing: here password
 * hashing and captcha drawing take one at a time and none waiting.
 */
class OverloadTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_WORK_PASSWORDS", "1:0").env("ZIKAO_WORK_CAPTCHAS", "1:0")
            .env("ZIKAO_CAPTCHA_STOCK", "0").env("ZIKAO_WORK_IMAGES", "16:16").env("ZIKAO_SMS_COOLDOWN_SECONDS", "0").env("ZIKAO_SMS_DAILY_LIMIT", "1000");
    private final Onboarding on = new Onboarding(app);

    /** An answer with the milliseconds it took. */
    private record Timed(Api.Reply reply, long millis) {}

    private static CompletableFuture<Timed> timed(HttpRequest request) {
        long start = System.nanoTime();
        return app.api().sendAsync(request).thenApply(r -> new Timed(r, (System.nanoTime() - start) / 1_000_000));
    }

    private static void assertBusy(Timed t, long withinMillis) {
        Api.Reply r = t.reply();
        assertEquals(503, r.status(), r.text());
        assertEquals("BUSY", r.code());
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertEquals("当前访问人数较多，请稍候", r.json().getString("title"));
        assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1, r.header("Retry-After"));
        assertTrue(t.millis() < withinMillis, "BUSY after " + t.millis() + " ms");
    }

    @Test
    @DisplayName("12 registrations at once with one hashing place: exactly those admitted succeed, the rest are BUSY at once and succeed on retry with the same SMS code")
    void registrationsFlood() throws Exception {
        List<Map<String, String>> forms = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String phone = Onboarding.phone();
            Map<String, String> f = Onboarding.registrationFields("扎西" + "甲乙丙丁戊己庚辛壬癸子丑".charAt(i), Onboarding.idNumber(), phone);
            f.put("smsCode", on.code("REGISTER", phone));
            forms.add(f);
        }
        long admittedBefore = Work.admitted(app, "passwords");
        List<CompletableFuture<Timed>> sent = forms.stream()
                .map(f -> timed(on.multipart("POST", "/api/v1/registrations", f, Onboarding.registrationImages()))).toList();
        List<Map<String, String>> refused = new ArrayList<>();
        int created = 0;
        for (int i = 0; i < forms.size(); i++) {
            Timed t = sent.get(i).join();
            if (t.reply().status() == 201) {
                created++;
            } else {
                assertBusy(t, 5000);
                refused.add(forms.get(i));
            }
        }
        assertEquals(Work.admitted(app, "passwords") - admittedBefore, created, "a success for every admitted hash, no more");
        assertTrue(refused.size() >= 1 && created >= 1, created + " created, " + refused.size() + " refused");
        for (Map<String, String> f : refused) {
            Api.Reply again = app.api().send(on.multipart("POST", "/api/v1/registrations", f, Onboarding.registrationImages()));
            assertEquals(201, again.status(), "the SMS code of a BUSY answer is still good: " + again.text());
        }
        try (var c = app.jdbc(); var rs = c.createStatement().executeQuery("SELECT count(*) FROM candidate WHERE name LIKE '扎西_'")) {
            rs.next();
            assertEquals(12, rs.getLong(1));
        }
    }

    @Test
    @DisplayName("40 captchas at once with one drawing place: every one is drawn or BUSY, the drawn ones are exactly those admitted, every BUSY within 500 ms")
    void captchaFlood() {
        long admittedBefore = Work.admitted(app, "captchas");
        long busyBefore = Work.busy(app, "captchas");
        List<CompletableFuture<Timed>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(timed(app.api().jsonRequest("POST", "/api/v1/captchas", "{}")));
        }
        int drawn = 0;
        int busy = 0;
        for (CompletableFuture<Timed> f : sent) {
            Timed t = f.join();
            if (t.reply().status() == 201) {
                drawn++;
                assertTrue(t.reply().json().getString("imagePng").length() > 100);
            } else {
                assertBusy(t, 500);
                busy++;
            }
        }
        assertEquals(40, drawn + busy);
        assertEquals(Work.admitted(app, "captchas") - admittedBefore, drawn);
        assertEquals(Work.busy(app, "captchas") - busyBefore, busy);
        assertTrue(drawn >= 1, "one at a time is drawn");
    }
}
