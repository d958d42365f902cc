package cn.zikao.candidate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import cn.zikao.testing.Work;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegistrationTest {
    @RegisterExtension
    // the races here are about one candidate per phone and ID number, not admission: room enough that none is BUSY
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000")
            .env("ZIKAO_WORK_IMAGES", "32:32").env("ZIKAO_WORK_PASSWORDS", "32:32");
    private final Onboarding on = new Onboarding(app);

    @Test
    @DisplayName("新生注册 answers 201 with the 准考证号, stores the ID number and phone only encrypted, and queues a success SMS naming the number")
    void registers() throws Exception {
        String id = Onboarding.idNumber(LocalDate.of(1998, 3, 12), false);
        String phone = Onboarding.phone();
        Map<String, String> f = Onboarding.registrationFields("次仁·卓玛", id, phone);
        f.put("smsCode", on.code("REGISTER", phone));
        Api.Reply r = app.api().send(on.multipart("POST", "/api/v1/registrations", f, Onboarding.registrationImages()));
        assertEquals(201, r.status(), r.text());
        JsonObject b = r.json();
        assertTrue(b.getString("admissionNo").matches("0100271[0-9]{5}"), b.encode());
        assertEquals("次仁·卓玛", b.getString("name"));
        assertEquals(phone.substring(0, 3) + "****" + phone.substring(7), b.getString("phoneMasked"));
        assertFalse(r.text().contains(id) || r.text().contains(phone));
        try (Connection c = app.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT id_number_enc, phone_enc, gender, id_card_consent_at, source, admission_no, "
                        + "password_hash FROM candidate WHERE id = ?")) {
            s.setLong(1, b.getLong("candidateId"));
            ResultSet rs = s.executeQuery();
            assertTrue(rs.next());
            assertFalse(new String(rs.getBytes("id_number_enc"), StandardCharsets.ISO_8859_1).contains(id));
            assertFalse(new String(rs.getBytes("phone_enc"), StandardCharsets.ISO_8859_1).contains(phone));
            assertEquals("F", rs.getString("gender"));
            assertNotNull(rs.getTimestamp("id_card_consent_at"));
            assertEquals("REGISTERED", rs.getString("source"));
            assertEquals(b.getString("admissionNo"), rs.getString("admission_no"));
            assertTrue(rs.getString("password_hash").startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        }
        assertEquals(3, count("SELECT count(*) FROM candidate_image WHERE candidate_id = " + b.getLong("candidateId")));
        JsonObject notice = app.api().get("/dev/sms?phone=" + phone).array().getJsonObject(0);
        assertEquals("REGISTER", notice.getString("purpose"));
        assertNull(notice.getString("code"));
        assertTrue(notice.getString("text").contains(b.getString("admissionNo")), notice.encode());
    }

    @Test
    @DisplayName("准考证号 are area + year + term + a sequence that counts up per area and term")
    void admissionNumbersCountUp() {
        Onboarding.Person a = on.register("扎西");
        Onboarding.Person b = on.register("卓嘎");
        assertEquals("0100271", a.admissionNo().substring(0, 7));
        assertEquals(Integer.parseInt(a.admissionNo().substring(7)) + 1, Integer.parseInt(b.admissionNo().substring(7)));
    }

    static Stream<Arguments> badFields() {
        String good = Onboarding.idNumber(LocalDate.of(1995, 8, 1), true);
        String badChecksum = good.substring(0, 17) + (good.charAt(17) == '0' ? '1' : '0');
        String feb30 = "54010219990230" + "123";
        String future = "540102" + LocalDate.now().plusYears(1).toString().replace("-", "") + "123";
        return Stream.of(
                Arguments.of("idNumber", Map.of("idNumber", badChecksum)),
                Arguments.of("idNumber", Map.of("idNumber", feb30 + Onboarding.checkChar(feb30))),
                Arguments.of("idNumber", Map.of("idNumber", future + Onboarding.checkChar(future))),
                Arguments.of("gender", Map.of("gender", "F")),
                Arguments.of("ethnicity", Map.of("ethnicity", "57")),
                Arguments.of("ethnicity", Map.of("ethnicity", "00")),
                Arguments.of("politicalStatus", Map.of("politicalStatus", "14")),
                Arguments.of("phone", Map.of("phone", "12345678901")),
                Arguments.of("phone", Map.of("phone", "1381234567")),
                Arguments.of("password", Map.of("password", "abcdefgh")),
                Arguments.of("password", Map.of("password", "1234567a".substring(0, 7))),
                Arguments.of("name", Map.of("name", "扎")),
                Arguments.of("name", Map.of("name", "张三3")),
                Arguments.of("name", Map.of("name", "·卓玛")),
                Arguments.of("hukou", Map.of("hukou", "CITY")),
                Arguments.of("graduationDate", Map.of("graduationDate", "2020-13")),
                Arguments.of("areaCode", Map.of("areaCode", "9900")),
                Arguments.of("majorCode", Map.of("majorCode", "999999")),
                Arguments.of("consent", Map.of("consent", "false")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badFields")
    @DisplayName("each field rule refuses a bad value with 400 VALIDATION naming the field, before any code is spent")
    void fieldRules(String field, Map<String, String> change) {
        Map<String, String> f = Onboarding.registrationFields("扎西多吉",
                Onboarding.idNumber(LocalDate.of(1995, 8, 1), true), Onboarding.phone());
        f.put("smsCode", "000000");
        f.putAll(change);
        Api.Reply r = app.api().send(on.multipart("POST", "/api/v1/registrations", f, Onboarding.registrationImages()));
        assertEquals(400, r.status(), r.text());
        assertEquals("VALIDATION", r.code());
        JsonArray errors = r.json().getJsonArray("errors");
        assertEquals(field, errors.getJsonObject(0).getString("field"), r.text());
        change.values().forEach(v -> assertFalse(v.length() > 6 && r.text().contains(v), "the value is echoed"));
    }

    @Test
    @DisplayName("a wrong SMS code is 400 SMS_CODE_INVALID and registers no one")
    void wrongCode() throws Exception {
        String phone = Onboarding.phone();
        String code = on.code("REGISTER", phone);
        Map<String, String> f = Onboarding.registrationFields("扎西多吉", Onboarding.idNumber(), phone);
        f.put("smsCode", code.equals("123456") ? "654321" : "123456");
        Api.Reply r = app.api().send(on.multipart("POST", "/api/v1/registrations", f, Onboarding.registrationImages()));
        assertEquals(400, r.status(), r.text());
        assertEquals("SMS_CODE_INVALID", r.code());
        assertEquals(0, countByPhone(phone));
    }

    @Test
    @DisplayName("a wrong SMS code costs no image decode and no password hash")
    void wrongCodeCostsNothing() {
        long decodes = Work.admitted(app, "images");
        long hashes = Work.admitted(app, "passwords");
        Map<String, String> f = Onboarding.registrationFields("扎西多吉", Onboarding.idNumber(), Onboarding.phone());
        f.put("smsCode", "000000");
        Api.Reply r = app.api().send(on.multipart("POST", "/api/v1/registrations", f, Onboarding.registrationImages()));
        assertEquals("SMS_CODE_INVALID", r.code(), r.text());
        assertEquals(decodes, Work.admitted(app, "images"));
        assertEquals(hashes, Work.admitted(app, "passwords"));
    }

    @Test
    @DisplayName("with a wrong SMS code, a registered ID number and a bound phone get exactly the answer a fresh identity gets")
    void wrongCodeRevealsNoIdentity() {
        Onboarding.Person p = on.register("扎西多吉");
        Map<String, String> fresh = Onboarding.registrationFields("扎西多吉", Onboarding.idNumber(), Onboarding.phone());
        Map<String, String> takenId = Onboarding.registrationFields("扎西多吉", p.idNumber(), Onboarding.phone());
        Map<String, String> takenPhone = Onboarding.registrationFields("扎西多吉", Onboarding.idNumber(), p.phone());
        Map<String, String> both = Onboarding.registrationFields("扎西多吉", p.idNumber(), p.phone());
        List<Api.Reply> replies = new ArrayList<>();
        for (Map<String, String> f : List.of(fresh, takenId, takenPhone, both)) {
            f.put("smsCode", "000000");
            replies.add(app.api().send(on.multipart("POST", "/api/v1/registrations", f, Onboarding.registrationImages())));
        }
        Api.Reply first = replies.get(0);
        assertEquals(400, first.status(), first.text());
        assertEquals("SMS_CODE_INVALID", first.code());
        for (Api.Reply r : replies) {
            assertEquals(first.status(), r.status(), r.text());
            assertEquals(first.json(), r.json());
        }
    }

    @Test
    @DisplayName("a 2048×2048 progressive ID card of 5000 tiny scans is 400 PHOTO_INVALID TOO_MANY_SCANS at once, before the SMS code and any decode")
    void scanFloodRefused() {
        long decodes = Work.admitted(app, "images");
        Map<String, String> f = Onboarding.registrationFields("扎西多吉", Onboarding.idNumber(), Onboarding.phone());
        f.put("smsCode", "000000");
        Map<String, byte[]> files = Onboarding.registrationImages();
        files.put("idCardFront", Jpegs.progressiveBomb(2048, 2048, 5000, 1));
        long start = System.nanoTime();
        Api.Reply r = app.api().send(on.multipart("POST", "/api/v1/registrations", f, files));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(400, r.status(), r.text());
        assertEquals("PHOTO_INVALID", r.code());
        JsonObject e = r.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("idCardFront", e.getString("field"));
        assertEquals("TOO_MANY_SCANS", e.getString("code"));
        assertTrue(ms < 2000, ms + " ms");
        assertEquals(decodes, Work.admitted(app, "images"));
    }

    @Test
    @DisplayName("progressive photos and ID cards (libjpeg's standard 10-scan script) register as baseline ones do")
    void progressiveImagesRegister() throws Exception {
        String phone = Onboarding.phone();
        Map<String, String> f = Onboarding.registrationFields("扎西多吉", Onboarding.idNumber(), phone);
        f.put("smsCode", on.code("REGISTER", phone));
        Map<String, byte[]> files = Onboarding.registrationImages();
        files.put("idCardFront", Jpegs.progressiveIdFront());
        files.put("photo", Jpegs.progressivePhoto());
        Api.Reply r = app.api().send(on.multipart("POST", "/api/v1/registrations", f, files));
        assertEquals(201, r.status(), r.text());
        assertEquals(3, count("SELECT count(*) FROM candidate_image WHERE candidate_id = " + r.json().getLong("candidateId")));
    }

    static Stream<Arguments> badImages() {
        return Stream.of(
                Arguments.of("photo 481×640", "photo", Jpegs.drawn(481, 640, "jpg"), "DIMENSIONS"),
                Arguments.of("photo 640×480", "photo", Jpegs.drawn(640, 480, "jpg"), "DIMENSIONS"),
                Arguments.of("PNG bytes named .jpg", "photo", Jpegs.drawn(480, 640, "png"), "NOT_JPEG"),
                Arguments.of("pixel flood", "idCardFront", Jpegs.withDimensions(Jpegs.idFront(), 60000, 60000), "PIXEL_FLOOD"),
                Arguments.of("pixel flood on the photo", "photo", Jpegs.withDimensions(Jpegs.photo(), 65000, 65000), "DIMENSIONS"),
                Arguments.of("truncated", "photo", Jpegs.truncated(Jpegs.photo()), "TRUNCATED"),
                Arguments.of("truncated ID card", "idCardBack", Jpegs.truncated(Jpegs.idFront()), "TRUNCATED"),
                Arguments.of("oversized ID card", "idCardFront", Jpegs.padded(Jpegs.idFront(), 100 * 1024), "TOO_LARGE"),
                Arguments.of("oversized photo", "photo", Jpegs.padded(Jpegs.photo(), 45 * 1024), "TOO_LARGE"),
                Arguments.of("empty", "idCardBack", new byte[0], "REQUIRED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badImages")
    @DisplayName("images are judged by their bytes: each bad kind is 400 PHOTO_INVALID naming the field and the fault")
    void imageRules(String label, String field, byte[] bytes, String fault) {
        String phone = Onboarding.phone();
        Map<String, String> f = Onboarding.registrationFields("扎西多吉", Onboarding.idNumber(), phone);
        f.put("smsCode", "000000");
        Map<String, byte[]> files = Onboarding.registrationImages();
        files.put(field, bytes);
        Api.Reply r = app.api().send(on.multipart("POST", "/api/v1/registrations", f, files));
        assertEquals(400, r.status(), r.text());
        assertEquals("PHOTO_INVALID", r.code());
        JsonObject e = r.json().getJsonArray("errors").getJsonObject(0);
        assertEquals(field, e.getString("field"));
        assertEquals(fault, e.getString("code"));
    }

    @Test
    @DisplayName("a missing image and a body over 400 KiB are refused (PHOTO_INVALID, 413 PAYLOAD_TOO_LARGE)")
    void missingAndTooLarge() {
        Map<String, String> f = Onboarding.registrationFields("扎西多吉", Onboarding.idNumber(), Onboarding.phone());
        f.put("smsCode", "000000");
        Map<String, byte[]> files = Onboarding.registrationImages();
        files.remove("photo");
        Api.Reply missing = app.api().send(on.multipart("POST", "/api/v1/registrations", f, files));
        assertEquals("PHOTO_INVALID", missing.code());
        assertEquals("photo", missing.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        files.put("photo", Jpegs.padded(Jpegs.photo(), 420 * 1024));
        Api.Reply big = app.api().send(on.multipart("POST", "/api/v1/registrations", f, files));
        assertEquals(413, big.status(), big.text());
        assertEquals("PAYLOAD_TOO_LARGE", big.code());
    }

    @Test
    @DisplayName("EXIF is removed losslessly: the stored photo is the upload without its APP1 segment, byte for byte")
    void exifRemoved() throws Exception {
        String phone = Onboarding.phone();
        Map<String, String> f = Onboarding.registrationFields("扎西多吉", Onboarding.idNumber(), phone);
        f.put("smsCode", on.code("REGISTER", phone));
        Map<String, byte[]> files = Onboarding.registrationImages();
        files.put("photo", Jpegs.withExif(Jpegs.photo()));
        Api.Reply r = app.api().send(on.multipart("POST", "/api/v1/registrations", f, files));
        assertEquals(201, r.status(), r.text());
        try (Connection c = app.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT content, pii_key_id, width, height FROM candidate_image WHERE candidate_id = ? AND kind = 'PHOTO'")) {
            s.setLong(1, r.json().getLong("candidateId"));
            ResultSet rs = s.executeQuery();
            assertTrue(rs.next());
            assertEquals(app.piiKeyId(), rs.getString("pii_key_id"));
            assertArrayEquals(Jpegs.photo(), app.app().platform().pii().open(rs.getBytes("content"), rs.getString("pii_key_id")));
            assertEquals(480, rs.getInt("width"));
            assertEquals(640, rs.getInt("height"));
        }
    }

    @Test
    @DisplayName("20 concurrent registrations with one phone and its code make exactly one candidate; the code is spent once, the others are SMS_CODE_INVALID")
    void oneCandidatePerPhone() throws Exception {
        String phone = Onboarding.phone();
        String code = on.code("REGISTER", phone);
        List<CompletableFuture<Api.Reply>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, String> f = Onboarding.registrationFields("扎西多吉", Onboarding.idNumber(), phone);
            f.put("smsCode", code);
            all.add(on.registerAsync(f));
        }
        Map<String, Integer> outcomes = tally(all);
        assertEquals(Map.of("201", 1, "SMS_CODE_INVALID", 19), outcomes);
        assertEquals(1, countByPhone(phone));
    }

    @Test
    @DisplayName("10 concurrent registrations of one ID number on different phones make exactly one candidate")
    void oneCandidatePerIdNumber() throws Exception {
        String id = Onboarding.idNumber();
        List<Map<String, String>> forms = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String phone = Onboarding.phone();
            Map<String, String> f = Onboarding.registrationFields("扎西多吉", id, phone);
            f.put("smsCode", on.code("REGISTER", phone));
            forms.add(f);
        }
        Map<String, Integer> outcomes = tally(forms.stream().map(on::registerAsync).toList());
        assertEquals(Map.of("201", 1, "ID_NUMBER_TAKEN", 9), outcomes);
        assertEquals(1, count("SELECT count(*) FROM candidate WHERE id_number_hmac = decode('"
                + app.app().platform().pii().hmacHex(id) + "', 'hex')"));
    }

    @Test
    @DisplayName("with Redis emptied, PostgreSQL still refuses a second registration of a bound ID number")
    void postgresIsTheTruth() {
        Onboarding.Person p = on.register("扎西多吉");
        try (var redis = app.redis()) {
            redis.flushDB();
        }
        String phone = Onboarding.phone();
        Map<String, String> f = Onboarding.registrationFields("扎西多吉", p.idNumber(), phone);
        f.put("smsCode", on.code("REGISTER", phone));
        Api.Reply r = app.api().send(on.multipart("POST", "/api/v1/registrations", f, Onboarding.registrationImages()));
        assertEquals(409, r.status(), r.text());
        assertEquals("ID_NUMBER_TAKEN", r.code());
    }

    @Test
    @DisplayName("a REGISTER code for a phone already bound is 409 PHONE_TAKEN")
    void boundPhoneGetsNoRegisterCode() {
        Onboarding.Person p = on.register("扎西多吉");
        Api.Reply r = on.requestCode("REGISTER", Map.of("phone", p.phone()));
        assertEquals(409, r.status(), r.text());
        assertEquals("PHONE_TAKEN", r.code());
    }

    private static Map<String, Integer> tally(List<CompletableFuture<Api.Reply>> all) {
        Map<String, Integer> outcomes = new HashMap<>();
        for (CompletableFuture<Api.Reply> f : all) {
            Api.Reply r = f.join();
            outcomes.merge(r.status() == 201 ? "201" : String.valueOf(r.code()), 1, Integer::sum);
        }
        return outcomes;
    }

    private long countByPhone(String phone) throws Exception {
        return count("SELECT count(*) FROM candidate WHERE phone_hmac = decode('" + app.app().platform().pii().hmacHex(phone) + "', 'hex')");
    }

    private long count(String sql) throws Exception {
        try (Connection c = app.jdbc(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
