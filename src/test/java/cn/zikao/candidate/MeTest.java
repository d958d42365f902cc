package cn.zikao.candidate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MeTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);

    @Test
    @DisplayName("me shows the profile with the ID number and phone masked, never in full")
    void me() {
        Onboarding.Person p = on.register("扎西多吉");
        Api.Reply r = app.api().get("/api/v1/me", Api.bearer(on.login(p)));
        assertEquals(200, r.status(), r.text());
        JsonObject me = r.json();
        assertEquals(p.idNumber().substring(0, 4) + "**********" + p.idNumber().substring(14), me.getString("idNumberMasked"));
        assertEquals(p.phone().substring(0, 3) + "****" + p.phone().substring(7), me.getString("phoneMasked"));
        assertFalse(r.text().contains(p.idNumber()) || r.text().contains(p.phone()));
        assertEquals(p.admissionNo(), me.getString("admissionNo"));
        assertEquals("扎西多吉", me.getString("name"));
        assertEquals("04", me.getString("ethnicity"));
        assertEquals("13", me.getString("politicalStatus"));
        assertEquals("URBAN", me.getString("hukou"));
        assertEquals(false, me.getBoolean("inSchool"));
        assertEquals("2020-07", me.getString("graduationDate"));
        assertEquals("271", me.getString("sittingCode"));
        assertEquals("0100", me.getString("areaCode"));
        assertEquals("030301", me.getString("majorCode"));
        assertEquals("城关区", me.getString("county"));
        assertEquals(401, app.api().get("/api/v1/me").status());
    }

    @Test
    @DisplayName("PATCH me changes basic information and refuses bad values with 400 VALIDATION")
    void patch() {
        Onboarding.Person p = on.register("扎西多吉");
        String token = on.login(p);
        Api.Reply ok = app.api().patch("/api/v1/me", new JsonObject().put("ethnicity", "01").put("inSchool", true)
                .put("address", "拉萨市城关区北京中路1号").put("politicalStatus", "01").encode(), Api.bearer(token));
        assertEquals(200, ok.status(), ok.text());
        assertEquals("01", ok.json().getString("ethnicity"));
        assertEquals(true, ok.json().getBoolean("inSchool"));
        assertEquals("拉萨市城关区北京中路1号", ok.json().getString("address"));
        assertEquals("URBAN", ok.json().getString("hukou"));
        for (Map.Entry<String, Object> bad : Map.<String, Object>of("ethnicity", "57", "politicalStatus", "99", "hukou", "X",
                "graduationDate", "2020/07", "gender", "F", "unit", "x".repeat(61)).entrySet()) {
            Api.Reply r = app.api().patch("/api/v1/me", new JsonObject().put(bad.getKey(), bad.getValue()).encode(), Api.bearer(token));
            assertEquals(400, r.status(), bad.toString());
            assertEquals("VALIDATION", r.code());
            assertEquals(bad.getKey(), r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        }
        assertEquals(401, app.api().patch("/api/v1/me", "{}").status());
    }

    @Test
    @DisplayName("each candidate gets only their own photo, privately cached; PUT photo replaces it under the same image rules")
    void photo() {
        Onboarding.Person a = on.register("扎西多吉");
        Onboarding.Person b = on.register("次仁");
        String ta = on.login(a);
        String tb = on.login(b);
        Api.Reply got = app.api().get("/api/v1/me/photo", Api.bearer(ta));
        assertEquals(200, got.status());
        assertEquals("image/jpeg", got.header("Content-Type"));
        assertTrue(got.header("Cache-Control").startsWith("private"));
        assertArrayEquals(Jpegs.photo(), got.raw());
        byte[] other = Jpegs.drawn(480, 640, "jpg");
        Api.Reply put = app.api().send(on.multipart("PUT", "/api/v1/me/photo", Map.of(), Map.of("photo", other), Api.bearer(ta)));
        assertEquals(204, put.status(), put.text());
        assertArrayEquals(other, app.api().get("/api/v1/me/photo", Api.bearer(ta)).raw());
        assertArrayEquals(Jpegs.photo(), app.api().get("/api/v1/me/photo", Api.bearer(tb)).raw());
        Api.Reply png = app.api().send(on.multipart("PUT", "/api/v1/me/photo", Map.of(), Map.of("photo", Jpegs.drawn(480, 640, "png")), Api.bearer(ta)));
        assertEquals("PHOTO_INVALID", png.code());
        Api.Reply size = app.api().send(on.multipart("PUT", "/api/v1/me/photo", Map.of(), Map.of("photo", Jpegs.drawn(600, 800, "jpg")), Api.bearer(ta)));
        assertEquals("PHOTO_INVALID", size.code());
        assertEquals(401, app.api().get("/api/v1/me/photo").status());
    }
}
