package cn.zikao.candidate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 换绑手机号: a PROFILE code to the new phone and the password; the unique index keeps a phone to one candidate. */
class PhoneChangeTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);

    private static Map<String, Object> change(String phone, String code, String password) {
        return Map.of("phone", phone, "smsCode", code, "password", password);
    }

    @Test
    @DisplayName("the new phone is bound and shown masked, the old phone gets the notice and no longer signs in")
    void rebinds() {
        Onboarding.Person p = on.register("次仁");
        String token = on.login(p);
        String phone = Onboarding.phone();
        Api.Reply wrong = app.api().put("/api/v1/me/phone", change(phone, on.code("PROFILE", phone), "Wrong12345"), Api.bearer(token));
        assertEquals(401, wrong.status(), wrong.text());
        assertEquals("BAD_CREDENTIALS", wrong.code());
        Api.Reply r = app.api().put("/api/v1/me/phone", change(phone, on.code("PROFILE", phone), p.password()), Api.bearer(token));
        assertEquals(200, r.status(), r.text());
        String masked = phone.substring(0, 3) + "****" + phone.substring(7);
        assertEquals(new JsonObject().put("phoneMasked", masked), r.json());
        assertEquals(masked, app.api().get("/api/v1/me", Api.bearer(token)).json().getString("phoneMasked"));
        JsonArray old = app.api().get("/dev/sms?phone=" + p.phone()).array();
        assertTrue(old.getJsonObject(0).getString("text").contains("绑定的手机号已更换为" + masked), old.encode());
        assertEquals(202, on.requestCode("LOGIN", Map.of("phone", p.phone())).status());
        assertEquals(old.size(), app.api().get("/dev/sms?phone=" + p.phone()).array().size(), "nothing sent to the old phone");
        on.login(new Onboarding.Person(p.name(), p.idNumber(), phone, p.password(), p.candidateId(), p.admissionNo()));
        assertEquals(1, holders(phone));
        assertEquals(0, holders(p.phone()));
    }

    @Test
    @DisplayName("a phone bound to another candidate is 409 PHONE_TAKEN; bad input is VALIDATION; no session is 401")
    void refusals() {
        Onboarding.Person p = on.register("次仁");
        Onboarding.Person q = on.register("卓玛");
        String token = on.login(p);
        Api.Reply taken = app.api().put("/api/v1/me/phone", change(q.phone(), "123456", p.password()), Api.bearer(token));
        assertEquals(409, taken.status(), taken.text());
        assertEquals("PHONE_TAKEN", taken.code());
        Api.Reply bad = app.api().put("/api/v1/me/phone", Map.of("phone", "12345"), Api.bearer(token));
        assertEquals("VALIDATION", bad.code());
        assertEquals(3, bad.json().getJsonArray("errors").size());
        assertEquals(401, app.api().put("/api/v1/me/phone", change(Onboarding.phone(), "123456", p.password())).status());
    }

    @Test
    @DisplayName("six candidates rebinding one phone with its one code at once: exactly one holds it")
    void oneCodeOneHolder() {
        List<Onboarding.Person> people = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Onboarding.Person p = on.register("考生" + "甲乙丙丁戊己".charAt(i) + "某");
            people.add(p);
            tokens.add(on.login(p));
        }
        String phone = Onboarding.phone();
        String code = on.code("PROFILE", phone);
        List<CompletableFuture<Api.Reply>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(app.api().sendAsync(app.api().jsonRequest("PUT", "/api/v1/me/phone",
                    change(phone, code, people.get(i).password()), Api.bearer(tokens.get(i)))));
        }
        List<Integer> statuses = all.stream().map(f -> f.join().status()).sorted().toList();
        assertEquals(List.of(200, 400, 400, 400, 400, 400), statuses);
        assertEquals(1, holders(phone));
    }

    @Test
    @DisplayName("a rebind racing a 新生注册 of the same phone, each with its own code: the unique index leaves exactly one holder")
    void raceWithRegistration() {
        int phones = 4;
        List<CompletableFuture<Api.Reply>> rebinds = new ArrayList<>();
        List<CompletableFuture<Api.Reply>> registrations = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        List<Runnable> starts = new ArrayList<>();
        for (int i = 0; i < phones; i++) {
            Onboarding.Person p = on.register("扎西" + "一二三四".charAt(i) + "号");
            String token = on.login(p);
            String phone = Onboarding.phone();
            taken.add(phone);
            String profileCode = on.code("PROFILE", phone);
            Map<String, String> fields = Onboarding.registrationFields("新生" + "一二三四".charAt(i) + "号", Onboarding.idNumber(), phone);
            fields.put("smsCode", on.code("REGISTER", phone));
            starts.add(() -> {
                rebinds.add(app.api().sendAsync(app.api().jsonRequest("PUT", "/api/v1/me/phone",
                        change(phone, profileCode, p.password()), Api.bearer(token))));
                registrations.add(on.registerAsync(fields));
            });
        }
        starts.forEach(Runnable::run);
        for (int i = 0; i < phones; i++) {
            Api.Reply a = rebinds.get(i).join();
            Api.Reply b = registrations.get(i).join();
            boolean rebound = a.status() == 200;
            assertEquals(rebound ? 409 : 201, b.status(), "registration: " + b.text() + " / rebind: " + a.text());
            if (!rebound) {
                assertEquals(409, a.status(), a.text());
                assertEquals("PHONE_TAKEN", a.code());
            } else {
                assertEquals("PHONE_TAKEN", b.code());
            }
            assertEquals(1, holders(taken.get(i)));
        }
    }

    private static long holders(String phone) {
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM candidate WHERE phone_hmac = ?")) {
            ps.setBytes(1, app.app().platform().pii().hmac(phone));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
