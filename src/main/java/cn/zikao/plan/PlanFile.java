package cn.zikao.plan;

import cn.zikao.platform.ConfigException;
import cn.zikao.platform.Yamls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks {@code exam-plan.yaml}. Any mistake stops start-up with a message that names the field,
 * e.g. {@code sittings[0].courses[3].slotNo: 9 is not a slot of sitting 271}.
 */
final class PlanFile {
    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private PlanFile() {}

    public static ExamPlan load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read exam plan " + file + ": " + e.getMessage());
        }
    }

    public static ExamPlan parse(InputStream in) {
        Object root;
        try {
            root = Yamls.load(in);
        } catch (RuntimeException e) {
            throw new ConfigException("exam plan is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Field top = new Field("", root);
        List<ExamPlan.Sitting> sittings = new ArrayList<>();
        List<Field> items = top.map().get("sittings").list();
        if (items.isEmpty()) {
            throw new ConfigException("exam plan: sittings must list at least one sitting");
        }
        Set<String> codes = new HashSet<>();
        for (Field s : items) {
            ExamPlan.Sitting sitting = sitting(s.map());
            if (!codes.add(sitting.code())) {
                throw new ConfigException("exam plan: " + s.path + ".code: sitting " + sitting.code() + " appears twice");
            }
            sittings.add(sitting);
        }
        return new ExamPlan(List.copyOf(sittings));
    }

    private static ExamPlan.Sitting sitting(Fields f) {
        String code = f.get("code").text(PlanCodes.SITTING.pattern(), "three digits, e.g. 271");
        OffsetDateTime opens = f.get("registrationOpensAt").time();
        Field closesField = f.get("registrationClosesAt");
        OffsetDateTime closes = closesField.time();
        if (!closes.isAfter(opens)) {
            throw closesField.error("closes at " + closes + ", not after registrationOpensAt " + opens);
        }
        int fee = f.get("registrationFeeFen").nonNegative();
        OffsetDateTime ticketsFrom = f.has("ticketsFrom") ? f.get("ticketsFrom").time() : null;

        List<ExamPlan.Slot> slots = new ArrayList<>();
        Set<Integer> slotNos = new HashSet<>();
        for (Field sf : f.get("slots").list()) {
            Fields s = sf.map();
            Field no = s.get("no");
            int n = no.positive();
            OffsetDateTime starts = s.get("startsAt").time();
            Field endsField = s.get("endsAt");
            OffsetDateTime ends = endsField.time();
            if (!ends.isAfter(starts)) {
                throw endsField.error("ends at " + ends + ", not after startsAt " + starts);
            }
            if (!slotNos.add(n)) {
                throw no.error("slot " + n + " appears twice");
            }
            slots.add(new ExamPlan.Slot(n, starts, ends));
        }
        if (slots.isEmpty()) {
            throw f.get("slots").error("a sitting needs at least one slot");
        }

        List<ExamPlan.Area> areas = new ArrayList<>();
        Set<String> areaCodes = new HashSet<>();
        Set<String> venueCodes = new HashSet<>();
        for (Field af : f.get("areas").list()) {
            Fields a = af.map();
            String ac = a.get("code").text(PlanCodes.AREA.pattern(), "four digits, e.g. 0100");
            if (!areaCodes.add(ac)) {
                throw a.get("code").error("area " + ac + " appears twice");
            }
            Map<Integer, Integer> seats = new LinkedHashMap<>();
            Fields seatFields = a.get("seats").map();
            for (Map.Entry<String, Field> e : seatFields.entries().entrySet()) {
                int slotNo;
                try {
                    slotNo = Integer.parseInt(e.getKey());
                } catch (NumberFormatException x) {
                    throw e.getValue().error("'" + e.getKey() + "' is not a slot number");
                }
                if (!slotNos.contains(slotNo)) {
                    throw e.getValue().error("slot " + slotNo + " is not a slot of sitting " + code);
                }
                seats.put(slotNo, e.getValue().nonNegative());
            }
            for (int n : slotNos) {
                if (!seats.containsKey(n)) {
                    throw a.get("seats").error("no seat count for slot " + n);
                }
            }
            List<ExamPlan.Venue> venues = a.has("venues") ? PlanVenues.venues(a.get("venues").list(), venueCodes) : List.of();
            areas.add(new ExamPlan.Area(ac, a.get("name").text(".+", "a name"), Map.copyOf(seats), venues));
        }
        if (areas.isEmpty()) {
            throw f.get("areas").error("a sitting needs at least one area");
        }

        List<ExamPlan.Course> courses = new ArrayList<>();
        Set<String> courseCodes = new HashSet<>();
        for (Field cf : f.get("courses").list()) {
            Fields c = cf.map();
            String cc = c.get("code").text(PlanCodes.COURSE.pattern(), "five digits, e.g. 00018");
            if (!courseCodes.add(cc)) {
                throw c.get("code").error("course " + cc + " appears twice");
            }
            Field slotField = c.get("slotNo");
            int slotNo = slotField.positive();
            if (!slotNos.contains(slotNo)) {
                throw slotField.error(slotNo + " is not a slot of sitting " + code);
            }
            courses.add(new ExamPlan.Course(cc, c.get("name").text(".+", "a name"), c.get("feeFen").nonNegative(), slotNo));
        }

        List<ExamPlan.Major> majors = new ArrayList<>();
        Set<String> majorCodes = new HashSet<>();
        for (Field mf : f.get("majors").list()) {
            Fields m = mf.map();
            String mc = m.get("code").text(PlanCodes.MAJOR.pattern(), "six digits, optionally with a level letter before and a letter after, e.g. 030301");
            if (!majorCodes.add(mc)) {
                throw m.get("code").error("major " + mc + " appears twice");
            }
            List<String> mcourses = new ArrayList<>();
            for (Field x : m.get("courses").list()) {
                String cc = x.text(".+", "a course code");
                if (!courseCodes.contains(cc)) {
                    throw x.error("course " + cc + " is not a course of sitting " + code);
                }
                mcourses.add(cc);
            }
            majors.add(new ExamPlan.Major(mc, m.get("name").text(".+", "a name"),
                    m.get("level").text("专科|本科", "专科 or 本科"), List.copyOf(mcourses)));
        }
        return new ExamPlan.Sitting(code, f.get("name").text(".+", "a name"), opens, closes, fee, ticketsFrom, List.copyOf(slots),
                List.copyOf(areas), List.copyOf(courses), List.copyOf(majors));
    }

    /** A value in the YAML tree with its path, for error messages. */
    record Field(String path, Object value) {
        ConfigException error(String what) {
            return new ConfigException("exam plan: " + path + ": " + what);
        }

        Fields map() {
            if (!(value instanceof Map<?, ?> m)) {
                throw error("expected a mapping");
            }
            return new Fields(path, m);
        }

        List<Field> list() {
            if (!(value instanceof List<?> l)) {
                throw error("expected a list");
            }
            List<Field> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(new Field(path + "[" + i + "]", l.get(i)));
            }
            return out;
        }

        String text(String pattern, String expected) {
            if (value == null || value instanceof Map || value instanceof List) {
                throw error("expected " + expected);
            }
            String s = String.valueOf(value).trim();
            if (!s.matches(pattern)) {
                throw error("'" + s + "' is not " + expected);
            }
            return s;
        }

        int integer() {
            if (value instanceof Integer i) {
                return i;
            }
            throw error("expected a whole number, got '" + value + "'");
        }

        int nonNegative() {
            int i = integer();
            if (i < 0) {
                throw error(i + " is negative");
            }
            return i;
        }

        int positive() {
            int i = integer();
            if (i <= 0) {
                throw error(i + " must be positive");
            }
            return i;
        }

        OffsetDateTime time() {
            if (value instanceof Date d) {
                return d.toInstant().atOffset(CHINA);
            }
            if (value instanceof String s) {
                try {
                    return OffsetDateTime.parse(s.trim()).withOffsetSameInstant(CHINA);
                } catch (DateTimeParseException e) {
                    throw error("'" + s + "' is not an ISO-8601 time with offset");
                }
            }
            throw error("expected an ISO-8601 time with offset, e.g. 2027-04-17T09:00:00+08:00");
        }
    }

    record Fields(String path, Map<?, ?> map) {
        Field get(String key) {
            String p = path.isEmpty() ? key : path + "." + key;
            if (!map.containsKey(key) || map.get(key) == null) {
                throw new ConfigException("exam plan: " + p + ": missing");
            }
            return new Field(p, map.get(key));
        }

        boolean has(String key) {
            return map.get(key) != null;
        }

        Map<String, Field> entries() {
            Map<String, Field> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), new Field(path + "." + k, v)));
            return out;
        }
    }
}
