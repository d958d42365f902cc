package cn.zikao.plan;

import cn.zikao.platform.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;

/** Upserts the exam plan into PostgreSQL at start-up, in one transaction, over JDBC (before any verticle). */
final class PlanStore {
    private static final String UPSERT_SITTING = """
            INSERT INTO sitting (code, name, registration_opens_at, registration_closes_at, registration_fee_fen)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, registration_opens_at = EXCLUDED.registration_opens_at,
              registration_closes_at = EXCLUDED.registration_closes_at, registration_fee_fen = EXCLUDED.registration_fee_fen""";
    private static final String UPSERT_SLOT = """
            INSERT INTO exam_slot (sitting_code, no, starts_at, ends_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (sitting_code, no) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at""";
    private static final String UPSERT_AREA = """
            INSERT INTO exam_area (sitting_code, code, name) VALUES (?, ?, ?)
            ON CONFLICT (sitting_code, code) DO UPDATE SET name = EXCLUDED.name""";
    private static final String UPSERT_CAPACITY = """
            INSERT INTO area_slot_capacity (sitting_code, area_code, slot_no, capacity) VALUES (?, ?, ?, ?)
            ON CONFLICT (sitting_code, area_code, slot_no) DO UPDATE SET capacity = EXCLUDED.capacity""";
    private static final String UPSERT_COURSE = """
            INSERT INTO course (sitting_code, code, name, fee_fen, slot_no) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (sitting_code, code) DO UPDATE SET name = EXCLUDED.name, fee_fen = EXCLUDED.fee_fen,
              slot_no = EXCLUDED.slot_no""";
    private static final String UPSERT_MAJOR = """
            INSERT INTO major (sitting_code, code, name, level) VALUES (?, ?, ?, ?)
            ON CONFLICT (sitting_code, code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level""";
    private static final String CLEAR_MAJOR_COURSES = "DELETE FROM major_course WHERE sitting_code = ?";
    private static final String INSERT_MAJOR_COURSE =
            "INSERT INTO major_course (sitting_code, major_code, course_code, position) VALUES (?, ?, ?, ?)";

    private PlanStore() {}

    static void upsert(String pgUri, ExamPlan plan) {
        try (Connection c = Postgres.jdbc(pgUri)) {
            c.setAutoCommit(false);
            for (ExamPlan.Sitting s : plan.sittings()) {
                upsert(c, s);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the exam plan: " + e.getMessage(), e);
        }
    }

    private static void upsert(Connection c, ExamPlan.Sitting s) throws SQLException {
        exec(c, UPSERT_SITTING, s.code(), s.name(), ts(s.registrationOpensAt()), ts(s.registrationClosesAt()),
                s.registrationFeeFen());
        for (ExamPlan.Slot slot : s.slots()) {
            exec(c, UPSERT_SLOT, s.code(), slot.no(), ts(slot.startsAt()), ts(slot.endsAt()));
        }
        for (ExamPlan.Area a : s.areas()) {
            exec(c, UPSERT_AREA, s.code(), a.code(), a.name());
            for (var e : a.seats().entrySet()) {
                exec(c, UPSERT_CAPACITY, s.code(), a.code(), e.getKey(), e.getValue());
            }
        }
        for (ExamPlan.Course course : s.courses()) {
            exec(c, UPSERT_COURSE, s.code(), course.code(), course.name(), course.feeFen(), course.slotNo());
        }
        exec(c, CLEAR_MAJOR_COURSES, s.code());
        for (ExamPlan.Major m : s.majors()) {
            exec(c, UPSERT_MAJOR, s.code(), m.code(), m.name(), m.level());
            for (int i = 0; i < m.courses().size(); i++) {
                exec(c, INSERT_MAJOR_COURSE, s.code(), m.code(), m.courses().get(i), i);
            }
        }
    }

    private static Timestamp ts(OffsetDateTime t) {
        return Timestamp.from(t.toInstant());
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
