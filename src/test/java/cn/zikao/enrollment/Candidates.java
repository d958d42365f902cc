package cn.zikao.enrollment;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Candidates made straight in PostgreSQL, with a session token and (optionally) the notice acknowledged. */
final class Candidates {
    private static final String INSERT = """
            INSERT INTO candidate (name, id_number_enc, id_number_hmac, pii_key_id, source,
                                   sitting_code, area_code, major_code)
            VALUES ('测试考生', ?, ?, ?, 'REGISTERED', '271', ?, ?) RETURNING id""";

    record Candidate(long id, String token) {
        String[] auth() {
            return Api.bearer(token);
        }
    }

    private Candidates() {}

    static List<Candidate> create(TestApp app, int n, String area, String major, boolean acked) {
        List<Candidate> out = new ArrayList<>();
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int i = 0; i < n; i++) {
                byte[] key = UUID.randomUUID().toString().getBytes();
                ps.setBytes(1, app.seal("540102199001010000"));
                ps.setBytes(2, key);
                ps.setString(3, app.piiKeyId());
                ps.setString(4, area);
                ps.setString(5, major);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long id = rs.getLong(1);
                    out.add(new Candidate(id, app.app().auth().sessions().issue(id).token()));
                }
            }
            if (acked) {
                try (Statement st = c.createStatement()) {
                    for (Candidate x : out) {
                        st.addBatch("INSERT INTO notice_ack (candidate_id, sitting_code) VALUES (" + x.id() + ", '271')");
                    }
                    st.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static Candidate one(TestApp app, String area, String major) {
        return create(app, 1, area, major, true).get(0);
    }

    static long count(TestApp app, String sql) {
        try (Connection c = app.jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void exec(TestApp app, String sql) {
        try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> order(Object... slotCourse) {
        List<Map<String, Object>> sel = new ArrayList<>();
        for (int i = 0; i < slotCourse.length; i += 2) {
            sel.add(Map.of("slotNo", slotCourse[i], "courseCode", slotCourse[i + 1]));
        }
        return Map.of("selections", sel);
    }
}
