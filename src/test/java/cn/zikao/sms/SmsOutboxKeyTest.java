package cn.zikao.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zikao.testing.TestApp;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmsOutboxKeyTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();

    private static final String INSERT = """
            INSERT INTO sms_outbox (phone_enc, phone_hmac, pii_key_id, purpose, template_code, params_enc, next_attempt_at)
            VALUES (?, ?, ?, 'LOGIN', 'code', ?, now() - make_interval(secs => ?)) RETURNING id""";

    @Test
    @DisplayName("an outbox row no configured key decrypts is set aside FAILED with a reason; the rows claimed with it are sent")
    void undecryptableRowSetAside() throws Exception {
        SecureRandom random = new SecureRandom();
        long bad;
        List<Long> good = new ArrayList<>();
        try (Connection c = app.jdbc()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                byte[] junk = new byte[40];
                random.nextBytes(junk);
                bad = insert(ps, junk, junk, "retired", 120);
                for (int i = 0; i < 3; i++) {
                    String phone = "1770000000" + i;
                    good.add(insert(ps, app.seal(phone), app.seal("{\"code\":\"12345" + i + "\"}"), app.piiKeyId(), 60));
                }
            }
            c.commit();
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && !"FAILED".equals(status(bad)[0])) {
            Thread.sleep(50);
        }
        for (long id : good) {
            while (System.currentTimeMillis() < deadline && !"SENT".equals(status(id)[0])) {
                Thread.sleep(50);
            }
            assertEquals("SENT", status(id)[0], "row " + id);
        }
        assertEquals("FAILED", status(bad)[0]);
        assertEquals(SmsOutbox.UNDECRYPTABLE, status(bad)[1]);
    }

    private static long insert(PreparedStatement ps, byte[] phone, byte[] params, String keyId, int ageSeconds) throws SQLException {
        byte[] hmac = new byte[32];
        new SecureRandom().nextBytes(hmac);
        ps.setBytes(1, phone);
        ps.setBytes(2, hmac);
        ps.setString(3, keyId);
        ps.setBytes(4, params);
        ps.setInt(5, ageSeconds);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String[] status(long id) throws SQLException {
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT status, last_error FROM sms_outbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }
}
