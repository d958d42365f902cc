package cn.zikao.enrollment;

import static cn.zikao.enrollment.Candidates.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.TestApp;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** PostgreSQL itself refuses what invariants 1 and 2 forbid, and a released seat leaves no row behind. */
class OrderInvariantsTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_PLAN", "src/test/resources/plans/enrollment-small.yaml");

    private static final String ORDERS = "/api/v1/sittings/271/orders";

    /** The SQL state and constraint PostgreSQL names when it refuses {@code sql}. */
    private static String refusal(String sql) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
                st.execute(sql);
            }
        });
        return e.getSQLState() + " " + ((org.postgresql.util.PSQLException) e).getServerErrorMessage().getConstraint();
    }

    private static String enrol(long candidateId, String orderId, int slot, String course, int seat) {
        return "INSERT INTO enrollment (order_id, candidate_id, sitting_code, area_code, slot_no, course_code, seat_no, status)"
                + " VALUES ('" + orderId + "', " + candidateId + ", '271', '0200', " + slot + ", '" + course + "', " + seat
                + ", 'HELD')";
    }

    @Test
    @DisplayName("the same course twice, a second course in a slot, a course in another slot than its own, a held seat and a seat beyond capacity are refused by PostgreSQL")
    void invariantsInPostgres() {
        Candidates.Candidate c = Candidates.one(app, "0200", "030301");
        String id = app.api().post(ORDERS, order(1, "03706"), c.auth()).json().getString("orderId");
        long seat = Candidates.count(app, "SELECT seat_no FROM enrollment WHERE order_id = '" + id + "'");

        assertEquals("23505 enrollment_slot_uq", refusal(enrol(c.id(), id, 1, "03706", 29)), "the same course twice");
        assertEquals("23505 enrollment_slot_uq", refusal(enrol(c.id(), id, 1, "00312", 29)), "two courses in one slot");
        assertEquals("23503 enrollment_course_slot_fkey", refusal(enrol(c.id(), id, 2, "03706", 29)),
                "03706 is examined in slot 1 only, so it cannot be held in slot 2 to escape the slot index");
        Candidates.Candidate other = Candidates.one(app, "0200", "030301");
        assertEquals("23505 enrollment_seat_uq", refusal(enrol(other.id(), id, 1, "03706", (int) seat)), "a held seat");
        assertEquals("23514 enrollment_within_capacity", refusal(enrol(other.id(), id, 1, "03706", 31)), "capacity 30");
    }

    @Test
    @DisplayName("a cancelled order's seat row is gone, its lines stay, and its seat is free again exactly once")
    void cancelledSeatIsFreeAgain() {
        Candidates.Candidate c = Candidates.one(app, "0200", "080901");
        String first = app.api().post(ORDERS, order(2, "00018"), c.auth()).json().getString("orderId");
        long seat = Candidates.count(app, "SELECT seat_no FROM enrollment WHERE order_id = '" + first + "'");
        assertEquals(204, app.api().delete("/api/v1/orders/" + first, c.auth()).status());

        assertEquals(0, Candidates.count(app, "SELECT count(*) FROM enrollment WHERE order_id = '" + first + "'"));
        assertEquals(2, Candidates.count(app, "SELECT count(*) FROM order_line WHERE order_id = '" + first + "'"));
        try (UnifiedJedis redis = app.redis()) {
            String free = SeatLedger.freeKey("271", "0200", 2);
            assertTrue(redis.sismember(free, String.valueOf(seat)), "the released seat is free again");
            assertEquals(30, redis.scard(free), "and listed once");
            String second = app.api().post(ORDERS, order(2, "00018"), c.auth()).json().getString("orderId");
            long taken = Candidates.count(app, "SELECT seat_no FROM enrollment WHERE order_id = '" + second + "'");
            assertFalse(redis.sismember(free, String.valueOf(taken)), "the seat handed out is no longer free");
            assertEquals(29, redis.scard(free));
        }
    }
}
