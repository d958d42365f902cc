package cn.zikao.candidate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.identity.IdentityRules;
import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SeedCandidatesTest {
    static final int COUNT = 40;

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000");

    @TempDir
    static Path out;

    static List<String[]> candidates;
    static List<String[]> sessions;

    @BeforeAll
    static void seed() throws Exception {
        assertEquals(0, SeedCandidates.run(app.config(), new String[] {"--count", String.valueOf(COUNT), "--out", out.toString(),
                "--sessions"}));
        candidates = rows(out.resolve("candidates.csv"), "name,idNumber,phone,password,areaCode,majorCode");
        sessions = rows(out.resolve("sessions.csv"), "candidateId,token");
    }

    private static List<String[]> rows(Path file, String header) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(header, lines.get(0));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    @Test
    @DisplayName("seeded ID numbers are valid GB 11643 numbers, unique, and agree with the stored birth date and gender; phones are unique")
    void validAndUnique() throws Exception {
        assertEquals(COUNT, candidates.size());
        Set<String> ids = new HashSet<>();
        Set<String> phones = new HashSet<>();
        for (String[] c : candidates) {
            assertNotNull(IdentityRules.idNumber(c[1], LocalDate.now()), c[1]);
            assertTrue(c[2].matches("^1[3-9]\\d{9}$"), c[2]);
            assertTrue(IdentityRules.name(c[0]) && IdentityRules.password(c[3]));
            assertEquals(List.of("0100", "030301"), List.of(c[4], c[5]), "the plan's first area and major");
            ids.add(c[1]);
            phones.add(c[2]);
        }
        assertEquals(COUNT, ids.size());
        assertEquals(COUNT, phones.size());
        try (Connection db = app.jdbc(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT gender, id_number_enc, pii_key_id, sitting_code FROM candidate")) {
            int n = 0;
            while (rs.next()) {
                String id = app.app().platform().pii().decrypt(rs.getBytes("id_number_enc"), rs.getString("pii_key_id"));
                IdentityRules.IdFacts facts = IdentityRules.idNumber(id, LocalDate.now());
                assertEquals(String.valueOf(facts.gender()), rs.getString("gender"));
                assertEquals("271", rs.getString("sitting_code"));
                assertTrue(ids.contains(id));
                n++;
            }
            assertEquals(COUNT, n);
        }
    }

    @Test
    @DisplayName("the candidate table holds no clear ID number or phone of a seeded candidate")
    void noClearPii() throws Exception {
        try (Connection db = app.jdbc(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT row_to_json(c)::text FROM candidate c")) {
            StringBuilder all = new StringBuilder();
            while (rs.next()) {
                all.append(rs.getString(1));
            }
            for (String[] c : candidates) {
                assertFalse(all.indexOf(c[1]) >= 0 || all.indexOf(c[2]) >= 0, "clear PII of " + c[0]);
            }
        }
    }

    @Test
    @DisplayName("seeded candidates log in through the API with their password and an SMS code, or by phone, and can order")
    void login() {
        Onboarding on = new Onboarding(app);
        String[] c = candidates.get(3);
        Api.Reply code = on.requestCode("LOGIN", java.util.Map.of("name", c[0], "idNumber", c[1]));
        assertEquals(202, code.status(), code.text());
        JsonObject body = new JsonObject(on.captcha()).put("method", "ID_PASSWORD").put("name", c[0]).put("idNumber", c[1])
                .put("password", c[3]).put("smsCode", on.latestCode("LOGIN", c[2]));
        Api.Reply r = app.api().post("/api/v1/sessions", body.encode());
        assertEquals(200, r.status(), r.text());
        String token = r.json().getString("token");
        assertTrue(r.json().getJsonObject("candidate").getString("admissionNo").matches("010027100\\d{3}"));
        assertEquals(204, app.api().post("/api/v1/sittings/271/notice-ack", "{}", Api.bearer(token)).status());
        Api.Reply order = app.api().post("/api/v1/sittings/271/orders",
                "{\"selections\":[{\"slotNo\":1,\"courseCode\":\"03706\"}]}", Api.bearer(token));
        assertEquals(201, order.status(), order.text());

        String[] d = candidates.get(4);
        JsonObject byPhone = new JsonObject(on.captcha()).put("method", "PHONE").put("phone", d[2])
                .put("smsCode", on.code("LOGIN", d[2]));
        assertEquals(200, app.api().post("/api/v1/sessions", byPhone.encode()).status());
    }

    @Test
    @DisplayName("sessions from sessions.csv are accepted by GET /api/v1/me as their candidate")
    void sessions() {
        assertEquals(COUNT, sessions.size());
        for (String[] s : List.of(sessions.get(0), sessions.get(COUNT - 1))) {
            Api.Reply me = app.api().get("/api/v1/me", Api.bearer(s[1]));
            assertEquals(200, me.status(), me.text());
            assertEquals(Long.parseLong(s[0]), me.json().getLong("candidateId"));
        }
    }

    @Test
    @DisplayName("a registration after the seeding takes the 准考证号 after the reserved ones")
    void admissionNumbersReserved() {
        Onboarding.Person p = new Onboarding(app).register("次仁卓玛");
        assertTrue(Integer.parseInt(p.admissionNo().substring(7)) > COUNT, p.admissionNo());
    }
}
