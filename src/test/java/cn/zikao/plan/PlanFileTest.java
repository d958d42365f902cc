package cn.zikao.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.platform.ConfigException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlanFileTest {
    static final String PLAN = """
            sittings:
              - code: "271"
                name: 2027年4月高等教育自学考试
                registrationOpensAt: 2026-11-01T09:00:00+08:00
                registrationClosesAt: 2027-03-20T18:00:00+08:00
                registrationFeeFen: 4000
                slots:
                  - {no: 1, startsAt: 2027-04-17T09:00:00+08:00, endsAt: 2027-04-17T11:30:00+08:00}
                  - {no: 2, startsAt: 2027-04-17T14:30:00+08:00, endsAt: 2027-04-17T17:00:00+08:00}
                areas:
                  - {code: "0100", name: 拉萨考区, seats: {1: 30, 2: 20}}
                  - {code: "0700", name: 阿里考区, seats: {1: 3, 2: 3}}
                courses:
                  - {code: "00018", name: 计算机应用基础, feeFen: 3600, slotNo: 1}
                  - {code: "00107", name: 现代管理学, feeFen: 3600, slotNo: 2}
                majors:
                  - {code: "030301", name: 行政管理, level: 专科, courses: ["00018", "00107"]}
            """;

    static ExamPlan parse(String yaml) {
        return PlanFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String refusal(String yaml) {
        String message = assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
        assertEquals(1, message.lines().count(), message);
        return message;
    }

    private static String with(String from, String to) {
        assertTrue(PLAN.contains(from), from);
        return PLAN.replace(from, to);
    }

    @Test
    @DisplayName("a well-formed plan is read with its slots, areas and seats, courses and majors")
    void reads() {
        ExamPlan.Sitting s = parse(PLAN).sitting("271").orElseThrow();
        assertEquals(4000, s.registrationFeeFen());
        assertEquals(2, s.slots().size());
        assertEquals(20, s.area("0100").orElseThrow().seats().get(2));
        assertEquals(2, s.course("00107").orElseThrow().slotNo());
        assertEquals(java.util.List.of("00018", "00107"), s.major("030301").orElseThrow().courses());
    }

    @Test
    @DisplayName("a course in an unknown slot stops start-up, naming the course's slotNo")
    void courseInUnknownSlot() {
        assertEquals("exam plan: sittings[0].courses[1].slotNo: 9 is not a slot of sitting 271",
                refusal(with("feeFen: 3600, slotNo: 2}", "feeFen: 3600, slotNo: 9}")));
    }

    @Test
    @DisplayName("a major naming an unknown course stops start-up, naming the major's course entry")
    void majorWithUnknownCourse() {
        assertEquals("exam plan: sittings[0].majors[0].courses[1]: course 99999 is not a course of sitting 271",
                refusal(with("courses: [\"00018\", \"00107\"]", "courses: [\"00018\", \"99999\"]")));
    }

    @Test
    @DisplayName("negative seats stop start-up, naming the area's slot")
    void negativeSeats() {
        assertEquals("exam plan: sittings[0].areas[1].seats.2: -3 is negative",
                refusal(with("seats: {1: 3, 2: 3}", "seats: {1: 3, 2: -3}")));
    }

    @Test
    @DisplayName("seats for a slot the sitting does not have, or none for one it has, stop start-up")
    void seatsForUnknownOrMissingSlot() {
        assertEquals("exam plan: sittings[0].areas[0].seats.5: slot 5 is not a slot of sitting 271",
                refusal(with("seats: {1: 30, 2: 20}", "seats: {1: 30, 2: 20, 5: 10}")));
        assertEquals("exam plan: sittings[0].areas[0].seats: no seat count for slot 2",
                refusal(with("seats: {1: 30, 2: 20}", "seats: {1: 30}")));
    }

    @Test
    @DisplayName("registration closing before it opens stops start-up, naming registrationClosesAt")
    void closesBeforeOpens() {
        assertTrue(refusal(with("registrationClosesAt: 2027-03-20T18:00:00+08:00", "registrationClosesAt: 2026-10-01T18:00:00+08:00"))
                .startsWith("exam plan: sittings[0].registrationClosesAt: closes at 2026-10-01T18:00+08:00, not after registrationOpensAt"));
        assertTrue(refusal(with("endsAt: 2027-04-17T11:30:00+08:00", "endsAt: 2027-04-17T08:30:00+08:00"))
                .startsWith("exam plan: sittings[0].slots[0].endsAt: ends at"));
    }

    @Test
    @DisplayName("a missing field stops start-up, naming it")
    void missingField() {
        assertEquals("exam plan: sittings[0].registrationFeeFen: missing", refusal(with("    registrationFeeFen: 4000\n", "")));
        assertEquals("exam plan: sittings[0].courses[0].feeFen: missing",
                refusal(with("计算机应用基础, feeFen: 3600, slotNo: 1}", "计算机应用基础, slotNo: 1}")));
        assertEquals("exam plan: sittings: missing", refusal("sitting: []\n"));
    }

    @Test
    @DisplayName("a duplicate slot, area, course, major or sitting code stops start-up, naming the second one")
    void duplicateCodes() {
        assertEquals("exam plan: sittings[0].slots[1].no: slot 1 appears twice",
                refusal(with("- {no: 2, startsAt", "- {no: 1, startsAt")));
        assertEquals("exam plan: sittings[0].areas[1].code: area 0100 appears twice",
                refusal(with("{code: \"0700\"", "{code: \"0100\"")));
        assertEquals("exam plan: sittings[0].courses[1].code: course 00018 appears twice",
                refusal(with("{code: \"00107\", name: 现代管理学", "{code: \"00018\", name: 现代管理学")));
        String twoMajors = with("      - {code: \"030301\", name: 行政管理, level: 专科, courses: [\"00018\", \"00107\"]}\n",
                "      - {code: \"030301\", name: 行政管理, level: 专科, courses: [\"00018\"]}\n"
                        + "      - {code: \"030301\", name: 会计, level: 专科, courses: [\"00107\"]}\n");
        assertEquals("exam plan: sittings[0].majors[1].code: major 030301 appears twice", refusal(twoMajors));
        String twoSittings = PLAN + PLAN.substring(PLAN.indexOf("  - code:"));
        assertEquals("exam plan: sittings[1].code: sitting 271 appears twice", refusal(twoSittings));
    }

    @Test
    @DisplayName("wrong types and formats are refused with the field and what was expected")
    void wrongFormats() {
        assertEquals("exam plan: sittings[0].areas[0].code: '100' is not four digits, e.g. 0100",
                refusal(with("{code: \"0100\"", "{code: \"100\"")));
        assertEquals("exam plan: sittings[0].majors[0].level: '硕士' is not 专科 or 本科", refusal(with("level: 专科", "level: 硕士")));
        assertEquals("exam plan: sittings[0].courses[0].feeFen: expected a whole number, got '36.5'",
                refusal(with("feeFen: 3600, slotNo: 1}", "feeFen: 36.5, slotNo: 1}")));
    }

    @Test
    @DisplayName("the shipped Tibet plan has seven areas, four slots over two days, majors of both levels and real course codes")
    void shippedPlan() {
        ExamPlan plan = PlanFile.load(Path.of("config/exam-plan.yaml"));
        ExamPlan.Sitting s = plan.sittings().get(0);
        assertEquals(java.util.List.of("拉萨考区", "日喀则考区", "昌都考区", "林芝考区", "山南考区", "那曲考区", "阿里考区"),
                s.areas().stream().map(ExamPlan.Area::name).toList());
        assertEquals(4, s.slots().size());
        assertEquals(2, s.slots().stream().map(x -> x.startsAt().toLocalDate()).distinct().count());
        assertTrue(s.courses().size() >= 16);
        assertTrue(s.majors().size() >= 4);
        assertEquals(Set.of("专科", "本科"), s.majors().stream().map(ExamPlan.Major::level).collect(Collectors.toSet()));
        assertEquals("计算机应用基础", s.course("00018").orElseThrow().name());
        assertEquals("大学语文", s.course("04729").orElseThrow().name());
        assertEquals("英语（一）", s.course("00012").orElseThrow().name());
        assertEquals(4000, s.registrationFeeFen());
        assertTrue(s.courses().stream().allMatch(c -> c.feeFen() == 3600));
    }
}
