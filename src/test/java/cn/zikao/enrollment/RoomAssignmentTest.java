package cn.zikao.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 考场编排: every paid enrolment one seat in a room of its area and slot, no room over its seats, seats never move. */
class RoomAssignmentTest {
    private static final String ORDERS = "/api/v1/sittings/271/orders";

    /** The shipped plan with 阿里考区's venue cut to rooms of 5, 5 and 3 seats (13 a slot). */
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_PLAN", smallAliPlan());

    static String smallAliPlan() {
        try {
            String shipped = Files.readString(Path.of("config/exam-plan.yaml"));
            int venue = shipped.indexOf("code: \"070001\"");
            int rooms = shipped.indexOf("rooms: [", venue);
            int end = shipped.indexOf("]", rooms);
            Path plan = Files.createTempFile("plan-small-ali", ".yaml");
            Files.writeString(plan, shipped.substring(0, rooms) + "rooms: [{no: 1, seats: 5}, {no: 2, seats: 5}, {no: 3, seats: 3}"
                    + shipped.substring(end));
            plan.toFile().deleteOnExit();
            return plan.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("paid candidates are placed within the rooms' seats, once; a second run moves nothing, late payments fill free seats, too many is a shortage naming area and slot")
    void placesExactly() {
        List<UUID> orders = new ArrayList<>();
        for (Candidates.Candidate c : Candidates.create(app, 14, "0700", "030301", true)) {
            orders.add(place(c, Candidates.order(1, "03706", 2, "00018")));
        }
        orders.subList(0, 10).forEach(RoomAssignmentTest::pay);
        var first = assign(42);
        assertEquals(20, first.placed());
        assertEquals(List.of(), first.shortages());
        Map<Long, String> placed = seats("0700");
        assertEquals(20, placed.size());
        roomsWithinSeats();

        assertEquals(0, assign(42).placed(), "idempotent");
        assertEquals(placed, seats("0700"));

        orders.subList(10, 13).forEach(RoomAssignmentTest::pay);
        assertEquals(6, assign(7).placed(), "late payments take free seats");
        Map<Long, String> after = seats("0700");
        assertEquals(26, after.size());
        placed.forEach((enrolment, seat) -> assertEquals(seat, after.get(enrolment), "seats never move"));
        roomsWithinSeats();

        pay(orders.get(13));
        var full = assign(7);
        assertEquals(0, full.placed());
        assertEquals(List.of("area 0700 (阿里考区) slot 1: 1 paid candidate(s) and only 0 free seat(s); nothing placed there",
                "area 0700 (阿里考区) slot 2: 1 paid candidate(s) and only 0 free seat(s); nothing placed there"), full.shortages());
        assertEquals(after, seats("0700"));
    }

    @Test
    @DisplayName("the same seed places the same candidates in the same seats; another seed does not")
    void reproducible() {
        for (Candidates.Candidate c : Candidates.create(app, 12, "0600", "030301", true)) {
            pay(place(c, Candidates.order(2, "00018")));
        }
        assertEquals(12, assign(1234).placed());
        Map<Long, String> once = seats("0600");
        exec("DELETE FROM room_assignment WHERE area_code = '0600'");
        assertEquals(12, assign(1234).placed());
        assertEquals(once, seats("0600"));
        exec("DELETE FROM room_assignment WHERE area_code = '0600'");
        assertEquals(12, assign(99).placed());
        assertNotEquals(once, seats("0600"));
        assertEquals(once.values().stream().sorted().toList(), seats("0600").values().stream().sorted().toList(),
                "the same seats, filled room by room, given to others");
    }

    @Test
    @DisplayName("payments landing while three assignments run at once: every paid enrolment ends with exactly one seat, none twice")
    void concurrentPayments() throws Exception {
        List<UUID> orders = new ArrayList<>();
        for (Candidates.Candidate c : Candidates.create(app, 80, "0500", "030301", true)) {
            orders.add(place(c, Candidates.order(1, "03706", 2, "00018")));
        }
        orders.subList(0, 40).forEach(RoomAssignmentTest::pay);
        assertEquals(80, assign(5).placed());
        Map<Long, String> before = seats("0500");
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (UUID o : orders.subList(40, 80)) {
            all.add(CompletableFuture.runAsync(() -> pay(o)));
        }
        for (long seed = 1; seed <= 3; seed++) {
            long s = seed;
            all.add(CompletableFuture.runAsync(() -> assign(s)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assign(6);
        Map<Long, String> now = seats("0500");
        assertEquals(160, now.size(), "every paid enrolment of both slots placed");
        assertEquals(160, Candidates.count(app, "SELECT count(*) FROM enrollment WHERE area_code = '0500' AND status = 'PAID'"));
        assertEquals(160, Candidates.count(app, """
                SELECT count(DISTINCT (venue_code, room_no, slot_no, seat_no)) FROM room_assignment WHERE area_code = '0500'"""));
        before.forEach((enrolment, seat) -> assertEquals(seat, now.get(enrolment), "seats never move"));
        roomsWithinSeats();
    }

    private static EnrollmentModule.RoomsReport assign(long seed) {
        try {
            return app.app().enrollment().assignRooms("271", seed).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID place(Candidates.Candidate c, Map<String, Object> order) {
        var r = app.api().post(ORDERS, order, c.auth());
        assertEquals(201, r.status(), r.text());
        return UUID.fromString(r.json().getString("orderId"));
    }

    private static void pay(UUID order) {
        try {
            assertTrue(app.app().enrollment().orders().markPaid(app.app().platform().pg(), order, Instant.now())
                    .await(30, TimeUnit.SECONDS).changed());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Enrolment id → "venue/room/slot/seat" of an area. */
    private static Map<Long, String> seats(String area) {
        Map<Long, String> out = new TreeMap<>();
        try (Connection c = app.jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT enrollment_id, venue_code, room_no, slot_no, seat_no FROM room_assignment WHERE area_code = '" + area + "'")) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getString(2) + "/" + rs.getInt(3) + "/" + rs.getInt(4) + "/" + rs.getInt(5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** No seat number beyond its room's seats (阿里's rooms as cut above; every other room has 30). */
    private static void roomsWithinSeats() {
        Map<Integer, Integer> ali = Map.of(1, 5, 2, 5, 3, 3);
        try (Connection c = app.jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT area_code, room_no, max(seat_no), count(*) FROM room_assignment GROUP BY area_code, venue_code, room_no, slot_no")) {
            while (rs.next()) {
                int seats = rs.getString(1).equals("0700") ? ali.get(rs.getInt(2)) : 30;
                assertTrue(rs.getInt(3) <= seats && rs.getInt(4) <= seats, "room " + rs.getInt(2) + " over its " + seats);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void exec(String sql) {
        Candidates.exec(app, sql);
    }
}
