package cn.zikao.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.platform.ConfigException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Venues and rooms per area and ticketsFrom: optional, checked like the rest of the plan. */
class PlanVenuesTest {
    private static final String VENUES = """
                  - code: "0100"
                    name: 拉萨考区
                    seats: {1: 30, 2: 20}
                    venues:
                      - {code: "010001", name: 拉萨中学, address: 拉萨市城关区江苏路16号, rooms: [{no: 1, seats: 30}, {no: 2, seats: 25}]}
                      - {code: "010002", name: 西藏大学, address: 拉萨市城关区江苏大道10号, rooms: [{no: 1, seats: 30}]}
            """;

    private static String plan(String venues, String ticketsFrom) {
        return PlanFileTest.PLAN.replace("      - {code: \"0100\", name: 拉萨考区, seats: {1: 30, 2: 20}}\n", venues)
                .replace("    registrationFeeFen: 4000\n", "    registrationFeeFen: 4000\n" + ticketsFrom);
    }

    private static String refusal(String yaml) {
        return assertThrows(ConfigException.class, () -> PlanFileTest.parse(yaml)).getMessage();
    }

    @Test
    @DisplayName("venues with their rooms and ticketsFrom are read; a plan without them has none")
    void reads() {
        ExamPlan.Sitting s = PlanFileTest.parse(plan(VENUES, "    ticketsFrom: 2027-04-07T09:00:00+08:00\n")).sitting("271").orElseThrow();
        assertEquals(OffsetDateTime.parse("2027-04-07T09:00:00+08:00"), s.ticketsFrom());
        List<ExamPlan.Venue> venues = s.area("0100").orElseThrow().venues();
        assertEquals(List.of("010001", "010002"), venues.stream().map(ExamPlan.Venue::code).toList());
        assertEquals(new ExamPlan.Room(2, 25), venues.get(0).rooms().get(1));
        assertEquals("拉萨市城关区江苏路16号", venues.get(0).address());
        assertEquals(List.of(), s.area("0700").orElseThrow().venues());
        ExamPlan.Sitting plain = PlanFileTest.parse(PlanFileTest.PLAN).sitting("271").orElseThrow();
        assertNull(plain.ticketsFrom());
        assertEquals(List.of(), plain.area("0100").orElseThrow().venues());
    }

    @Test
    @DisplayName("a bad venue, room or ticketsFrom stops start-up naming the field")
    void refusals() {
        assertEquals("exam plan: sittings[0].areas[0].venues[1].code: venue 010001 appears twice in the sitting",
                refusal(plan(VENUES.replace("\"010002\"", "\"010001\""), "")));
        assertEquals("exam plan: sittings[0].areas[0].venues[0].rooms[1].no: room 1 appears twice in venue 010001",
                refusal(plan(VENUES.replace("{no: 2, seats: 25}", "{no: 1, seats: 25}"), "")));
        assertEquals("exam plan: sittings[0].areas[0].venues[0].rooms[1].seats: 0 must be positive",
                refusal(plan(VENUES.replace("{no: 2, seats: 25}", "{no: 2, seats: 0}"), "")));
        assertEquals("exam plan: sittings[0].areas[0].venues[1].address: missing",
                refusal(plan(VENUES.replace(", address: 拉萨市城关区江苏大道10号", ""), "")));
        assertEquals("exam plan: sittings[0].areas[0].venues[0].code: 'A1' is not six digits, e.g. 010001",
                refusal(plan(VENUES.replace("\"010001\"", "\"A1\""), "")));
        assertEquals("exam plan: sittings[0].areas[0].venues[1].rooms: a venue needs at least one room",
                refusal(plan(VENUES.replace("rooms: [{no: 1, seats: 30}]}", "rooms: []}"), "")));
        assertTrue(refusal(plan(VENUES, "    ticketsFrom: soon\n")).startsWith("exam plan: sittings[0].ticketsFrom: 'soon' is not"));
    }

    @Test
    @DisplayName("the shipped plan's seven areas have venues whose rooms of 30 seat every seat the area sells")
    void shippedPlan() {
        ExamPlan.Sitting s = PlanFile.load(Path.of("config/exam-plan.yaml")).sitting("271").orElseThrow();
        assertEquals(7, s.areas().size());
        for (ExamPlan.Area a : s.areas()) {
            int seats = a.venues().stream().flatMap(v -> v.rooms().stream()).mapToInt(ExamPlan.Room::seats).sum();
            assertTrue(a.venues().stream().allMatch(v -> v.rooms().stream().allMatch(r -> r.seats() == 30)), a.code());
            a.seats().values().forEach(n -> assertTrue(seats >= n, a.code() + ": " + seats + " room seats for " + n));
        }
        assertTrue(s.ticketsFrom().isBefore(s.slots().get(0).startsAt()));
    }
}
