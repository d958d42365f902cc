package cn.zikao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.PiiCipher;
import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The personal-data key rotated while the service serves, and nothing stored in clear that rebuilds an ID number. */
class PiiKeyRotationTest {
    private static final String K1 = "ZGV2LW9ubHktcGlpLWVuY3J5cHRpb24ta2V5LTAwMDA=";
    private static final String K2 = Base64.getEncoder().encodeToString(
            "rotated-pii-encryption-key-00002".getBytes(StandardCharsets.US_ASCII));

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0")
            .env("ZIKAO_SMS_DAILY_LIMIT", "1000").env("ZIKAO_SMS_PER_IP_PER_HOUR", "100000")
            .env("ZIKAO_PII_KEY_ID", "k1").env("ZIKAO_PII_KEY", K1);
    private final Onboarding on = new Onboarding(app);

    @Test
    @DisplayName("rotate-pii-key re-encrypts every ID number, phone, outbox message and image under the new key while "
            + "me and the photo are served throughout; a second run changes nothing and the old key can then be removed")
    void rotatesWhileServing() throws Exception {
        List<Onboarding.Person> people = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            people.add(on.register("次仁卓玛"));
        }
        byte[] photo = Onboarding.registrationImages().get("photo");
        // one image as stored before images were encrypted: read as it is, sealed by the rotation
        exec("UPDATE candidate_image SET content = ?, pii_key_id = NULL WHERE candidate_id = ? AND kind = 'PHOTO'",
                photo, people.get(0).candidateId());
        PiiCipher k1 = app.app().platform().pii();
        for (int i = 0; i < 3; i++) {
            exec("INSERT INTO roster_entry (id_number_hmac, id_number_enc, pii_key_id, name, admission_no) VALUES (?, ?, 'k1', '扎西', ?)",
                    k1.hmac("roster-" + i), k1.encrypt(Onboarding.idNumber()), "01002710" + (9000 + i));
        }
        long candidates = count("SELECT count(*) FROM candidate");
        long images = count("SELECT count(*) FROM candidate_image");
        long outbox = count("SELECT count(*) FROM sms_outbox");
        assertTrue(candidates >= 5 && images == 3 * candidates && outbox >= 10, candidates + " " + images + " " + outbox);
        assertEquals(1, count("SELECT count(*) FROM candidate_image WHERE pii_key_id IS NULL"));
        assertEquals(candidates + images - 1 + 3 + outbox, count("""
                SELECT (SELECT count(*) FROM candidate WHERE pii_key_id = 'k1') + (SELECT count(*) FROM candidate_image
                WHERE pii_key_id = 'k1') + (SELECT count(*) FROM roster_entry WHERE pii_key_id = 'k1')
                + (SELECT count(*) FROM sms_outbox WHERE pii_key_id = 'k1')"""));

        // every instance restarted with the new current key, the old one still known for decryption
        app.stop();
        app.env("ZIKAO_PII_KEY_ID", "k2").env("ZIKAO_PII_KEY", K2).env("ZIKAO_PII_KEYS", "k1:" + K1);
        app.start();
        List<String> tokens = new ArrayList<>();
        for (Onboarding.Person p : people) {
            tokens.add(app.app().auth().sessions().issue(p.candidateId()).token());
        }

        AtomicBoolean rotating = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            readers.add(pool.submit(() -> {
                do {
                    for (int i = 0; i < people.size(); i++) {
                        check(people.get(i), tokens.get(i), photo, wrong);
                        served.incrementAndGet();
                    }
                } while (rotating.get());
            }));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            Thread.sleep(200);
            status = Main.rotatePiiKey(app.config(), new String[] {"--batch", "2"}, new PrintStream(out, true, StandardCharsets.UTF_8));
        } finally {
            rotating.set(false);
        }
        for (Future<?> r : readers) {
            r.get();
        }
        pool.shutdown();
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, report);
        assertEquals(List.of(), wrong);
        assertTrue(served.get() >= 20, "requests served during the rotation: " + served.get());
        assertTrue(report.contains("rotate-pii-key candidate: " + candidates + " re-encrypted, 0 undecryptable, 0 under another key"), report);
        assertTrue(report.contains("rotate-pii-key candidate_image: " + images + " re-encrypted, 0 undecryptable, 0 under another key"), report);
        assertTrue(report.contains("rotate-pii-key roster_entry: 3 re-encrypted, 0 undecryptable, 0 under another key"), report);
        assertTrue(report.contains("rotate-pii-key sms_outbox: " + outbox + " re-encrypted, 0 undecryptable, 0 under another key"), report);
        assertEquals(0, count("""
                SELECT (SELECT count(*) FROM candidate WHERE pii_key_id IS DISTINCT FROM 'k2')
                     + (SELECT count(*) FROM candidate_image WHERE pii_key_id IS DISTINCT FROM 'k2')
                     + (SELECT count(*) FROM roster_entry WHERE pii_key_id IS DISTINCT FROM 'k2')
                     + (SELECT count(*) FROM sms_outbox WHERE pii_key_id IS DISTINCT FROM 'k2')"""));

        // the new key alone opens everything
        PiiCipher k2only = new PiiCipher(new AppConfig.Pii("k2", K2, app.config().pii().hmacKey()));
        try (Connection c = app.jdbc(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id_number_enc, phone_enc, pii_key_id FROM candidate")) {
                Set<String> ids = new HashSet<>();
                while (rs.next()) {
                    ids.add(k2only.decrypt(rs.getBytes(1), rs.getString(3)));
                    k2only.decrypt(rs.getBytes(2), rs.getString(3));
                }
                assertEquals(candidates, ids.size());
                assertTrue(ids.containsAll(people.stream().map(Onboarding.Person::idNumber).toList()), ids.toString());
            }
            try (ResultSet rs = s.executeQuery("SELECT content, pii_key_id FROM candidate_image WHERE kind = 'PHOTO'")) {
                while (rs.next()) {
                    assertArrayEquals(photo, k2only.open(rs.getBytes(1), rs.getString(2)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT phone_enc, params_enc, pii_key_id FROM sms_outbox")) {
                while (rs.next()) {
                    k2only.decrypt(rs.getBytes(1), rs.getString(3));
                    k2only.decrypt(rs.getBytes(2), rs.getString(3));
                }
            }
        }

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(0, Main.rotatePiiKey(app.config(), new String[0], new PrintStream(again, true, StandardCharsets.UTF_8)));
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("rotate-pii-key: 0 row(s) re-encrypted under key k2, 0 left under another key"),
                again.toString(StandardCharsets.UTF_8));

        app.stop();
        app.env("ZIKAO_PII_KEYS", "");
        app.start();
        List<String> after = new ArrayList<>();
        for (Onboarding.Person p : people) {
            check(p, app.app().auth().sessions().issue(p.candidateId()).token(), photo, after);
        }
        assertEquals(List.of(), after);
    }

    @Test
    @DisplayName("nothing stored in clear rebuilds an ID number: no masked number or birth date column, images sealed; "
            + "me shows the masks and the birth date computed from the decrypted number")
    void nothingInClear() throws Exception {
        Onboarding.Person p = on.register("扎西多吉");
        assertEquals(0, count("""
                SELECT count(*) FROM information_schema.columns WHERE table_name IN ('candidate', 'roster_entry')
                   AND column_name IN ('id_number_masked', 'phone_masked', 'birth_date')"""));
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT content, pii_key_id FROM candidate_image WHERE candidate_id = ?")) {
            ps.setLong(1, p.candidateId());
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] stored = rs.getBytes(1);
                    assertFalse((stored[0] & 0xff) == 0xFF && (stored[1] & 0xff) == 0xD8, "a JPEG in clear");
                    assertEquals(app.piiKeyId(), rs.getString(2));
                    n++;
                }
            }
            assertEquals(3, n);
        }
        String token = app.app().auth().sessions().issue(p.candidateId()).token();
        Api.Reply me = app.api().get("/api/v1/me", Api.bearer(token));
        assertEquals(200, me.status(), me.text());
        assertEquals(PiiCipher.maskIdNumber(p.idNumber()), me.json().getString("idNumberMasked"));
        assertEquals(PiiCipher.maskPhone(p.phone()), me.json().getString("phoneMasked"));
        String digits = p.idNumber().substring(6, 14);
        assertEquals(digits.substring(0, 4) + "-" + digits.substring(4, 6) + "-" + digits.substring(6), me.json().getString("birthDate"));
        Api.Reply photo = app.api().get("/api/v1/me/photo", Api.bearer(token));
        assertEquals(200, photo.status());
        assertArrayEquals(Onboarding.registrationImages().get("photo"), photo.raw());
    }

    private static void check(Onboarding.Person p, String token, byte[] photo, List<String> wrong) {
        Api.Reply me = app.api().get("/api/v1/me", Api.bearer(token));
        if (me.status() != 200 || !PiiCipher.maskIdNumber(p.idNumber()).equals(me.json().getString("idNumberMasked"))
                || !PiiCipher.maskPhone(p.phone()).equals(me.json().getString("phoneMasked"))) {
            wrong.add("me " + p.candidateId() + ": " + me.status() + " " + me.code());
        }
        Api.Reply img = app.api().get("/api/v1/me/photo", Api.bearer(token));
        if (img.status() != 200 || !java.util.Arrays.equals(photo, img.raw())) {
            wrong.add("photo " + p.candidateId() + ": " + img.status());
        }
    }

    private static void exec(String sql, Object... args) throws SQLException {
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = app.jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
