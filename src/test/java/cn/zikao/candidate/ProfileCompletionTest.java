package cn.zikao.candidate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProfileCompletionTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");
    private final Onboarding on = new Onboarding(app);
    private static final Path DEMO = Path.of("config/roster-demo.csv");

    @BeforeAll
    static void importDemo() throws Exception {
        assertEquals("roster roster-demo.csv: 20 lines, 20 inserted, 0 updated, 0 unchanged", importRoster(DEMO).out());
    }

    record Run(int status, String out, String err) {}

    static Run importRoster(Path file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Connection c = app.jdbc()) {
            int status = new RosterImport(app.app().platform().pii(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run(file, c, LocalDate.of(2026, 11, 28));
            return new Run(status, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private Api.Reply complete(String name, String idNumber, String phone, String code) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("idNumber", idNumber);
        f.put("phone", phone);
        f.put("smsCode", code);
        f.put("password", "Zaxi2026ok");
        f.put("consent", "true");
        Map<String, byte[]> files = Onboarding.registrationImages();
        files.remove("photo");
        return app.api().send(on.multipart("POST", "/api/v1/profile-completions", f, files));
    }

    @Test
    @DisplayName("在籍考生完善资料 binds phone and password to the roster entry, keeps its 准考证号, enrols it in the open sitting; the second time is 409 PROFILE_ALREADY_COMPLETED")
    void completes() {
        String phone = Onboarding.phone();
        Api.Reply r = complete("扎西多吉", "540102199703127636", phone, on.code("PROFILE", phone));
        assertEquals(200, r.status(), r.text());
        assertEquals("020024200002", r.json().getString("admissionNo"));
        JsonObject login = new JsonObject(on.captcha()).put("method", "ID_PASSWORD").put("name", "扎西多吉")
                .put("idNumber", "540102199703127636").put("password", "Zaxi2026ok");
        assertEquals(202, on.requestCode("LOGIN", Map.of("name", "扎西多吉", "idNumber", "540102199703127636")).status());
        login.put("smsCode", on.latestCode("LOGIN", phone));
        Api.Reply session = app.api().post("/api/v1/sessions", login.encode());
        assertEquals(200, session.status(), session.text());
        JsonObject me = app.api().get("/api/v1/me", Api.bearer(session.json().getString("token"))).json();
        assertEquals("0200", me.getString("areaCode"));
        assertEquals("271", me.getString("sittingCode"), "enrolled in the sitting taking registrations, so it can order");
        assertEquals("020203", me.getString("majorCode"));
        assertEquals("M", me.getString("gender"));
        assertEquals("ROSTER", me.getString("source"));
        String phone2 = Onboarding.phone();
        Api.Reply again = complete("扎西多吉", "540102199703127636", phone2, on.code("PROFILE", phone2));
        assertEquals(409, again.status(), again.text());
        assertEquals("PROFILE_ALREADY_COMPLETED", again.code());
    }

    @Test
    @DisplayName("with the phone proven, a name and ID number not in the roster are 404 NOT_IN_ROSTER (系统查无此人), a wrong name too")
    void notInRoster() {
        String phone = Onboarding.phone();
        Api.Reply unknown = complete("扎西多吉", Onboarding.idNumber(), phone, on.code("PROFILE", phone));
        assertEquals(404, unknown.status(), unknown.text());
        assertEquals("NOT_IN_ROSTER", unknown.code());
        assertEquals("系统查无此人", unknown.json().getString("title"));
        String phone2 = Onboarding.phone();
        assertEquals("NOT_IN_ROSTER", complete("次仁", "540102199307172937", phone2, on.code("PROFILE", phone2)).code());
    }

    @Test
    @DisplayName("with a wrong SMS code, an identity not in the roster, one already completed, a wrong name and a bound phone get exactly the answer a roster identity gets")
    void wrongCodeRevealsNoIdentity() {
        String completedPhone = Onboarding.phone();
        assertEquals(200, complete("德吉拉姆", "540102199604135868", completedPhone, on.code("PROFILE", completedPhone)).status());
        Onboarding.Person bound = on.register("次仁");
        List<Api.Reply> replies = List.of(
                complete("尼玛次仁", "540102199612264096", Onboarding.phone(), "000000"),
                complete("扎西多吉", Onboarding.idNumber(), Onboarding.phone(), "000000"),
                complete("德吉拉姆", "540102199604135868", Onboarding.phone(), "000000"),
                complete("次仁", "540102199307172937", Onboarding.phone(), "000000"),
                complete("尼玛次仁", "540102199612264096", bound.phone(), "000000"));
        Api.Reply first = replies.get(0);
        assertEquals(400, first.status(), first.text());
        assertEquals("SMS_CODE_INVALID", first.code());
        for (Api.Reply r : replies) {
            assertEquals(first.status(), r.status(), r.text());
            assertEquals(first.json(), r.json());
        }
    }

    @Test
    @DisplayName("a phone proven and then bound to another candidate is 409 PHONE_TAKEN; a roster ID number cannot be registered anew")
    void phoneTakenAndRosterIdTaken() {
        String shared = Onboarding.phone();
        String profileCode = on.code("PROFILE", shared);
        Map<String, String> other = Onboarding.registrationFields("次仁", Onboarding.idNumber(), shared);
        other.put("smsCode", on.code("REGISTER", shared));
        assertEquals(201, app.api().send(on.multipart("POST", "/api/v1/registrations", other, Onboarding.registrationImages())).status());
        Api.Reply taken = complete("格桑央金", "540102198711224343", shared, profileCode);
        assertEquals(409, taken.status(), taken.text());
        assertEquals("PHONE_TAKEN", taken.code());
        String phone = Onboarding.phone();
        Map<String, String> f = Onboarding.registrationFields("格桑央金", "540102198711224343", phone);
        f.put("smsCode", on.code("REGISTER", phone));
        Api.Reply reg = app.api().send(on.multipart("POST", "/api/v1/registrations", f, Onboarding.registrationImages()));
        assertEquals("ID_NUMBER_TAKEN", reg.code());
    }

    @Test
    @DisplayName("import-roster is idempotent, reports its counts, and raises the 准考证号 sequences past the roster's numbers")
    void importIsIdempotent() throws Exception {
        assertEquals(new Run(0, "roster roster-demo.csv: 20 lines, 0 inserted, 0 updated, 20 unchanged", ""), importRoster(DEMO));
        Path changed = Files.createTempFile("roster", ".csv");
        List<String> lines = Files.readAllLines(DEMO);
        lines.set(3, lines.get(3).replace("080901", "050101"));
        Files.write(changed, lines);
        Run run = importRoster(changed);
        assertTrue(run.out().endsWith("20 lines, 0 inserted, 1 updated, 19 unchanged"), run.out());
        try (Connection c = app.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT last_seq FROM admission_sequence WHERE area_code = '0100' AND year2 = '24' AND term = '1'")) {
            assertTrue(rs.next());
            assertEquals(8, rs.getInt(1));
        }
    }

    @Test
    @DisplayName("a roster file with bad lines imports nothing, names every bad line by number, and exits 1")
    void badLines() throws Exception {
        Path bad = Files.createTempFile("roster", ".csv");
        Files.writeString(bad, String.join("\n",
                "name,idNumber,admissionNo,gender,birthDate,areaCode,majorCode",
                "新人,540102199001011235,010026100001,M,1990-01-01,0100,030301",
                "平措,540102199307172937,040025200004,F,1993-07-17,0400,050101",
                "好人,54010219900101123X,0100261,M,1990-01-01,0100,030301",
                "a,b") + "\n");
        long before = count();
        Run run = importRoster(bad);
        assertEquals(1, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().contains("line 2: idNumber"), run.err());
        assertTrue(run.err().contains("line 3: gender"), run.err());
        assertTrue(run.err().contains("line 4:") && run.err().contains("admissionNo"), run.err());
        assertTrue(run.err().contains("line 5: expected 7 columns"), run.err());
        assertTrue(run.err().endsWith("4 bad line(s), nothing imported"), run.err());
        assertTrue(!run.err().contains("540102199001011235") && !run.err().contains("540102199307172937"));
        assertEquals(before, count());
    }

    private long count() throws Exception {
        try (Connection c = app.jdbc(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM roster_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
