package cn.zikao.candidate;

import cn.zikao.plan.ExamPlan;
import java.nio.file.Path;
import java.time.Instant;

/** The arguments of {@code seed-candidates}; null sitting, area or major mean the plan's first. */
record SeedOptions(int count, Path out, String sitting, String area, String major, boolean sessions) {

    /** Where the candidates are enrolled, and the year and term their 准考证号 carry. */
    record Target(ExamPlan.Sitting sitting, String area, String major, String year2, String term) {}

    /** The options, or null when the arguments are not a valid command line. */
    static SeedOptions parse(String[] args) {
        Integer count = null;
        Path out = null;
        String sitting = null;
        String area = null;
        String major = null;
        boolean sessions = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--count" -> count = Integer.parseInt(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--sitting" -> sitting = args[++i];
                    case "--area" -> area = args[++i];
                    case "--major" -> major = args[++i];
                    case "--sessions" -> sessions = true;
                    default -> {
                        return null;
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            return null;
        }
        return count == null || count < 1 || out == null ? null
                : new SeedOptions(count, out, sitting, area, major, sessions);
    }

    /**
     * The sitting (the given one, else the first whose registration has not closed), area and major, all checked
     * against the plan; null when one is not there. Year and term as registrations compute them.
     */
    Target target(ExamPlan plan, Instant now) {
        ExamPlan.Sitting s = plan.sittings().stream()
                .filter(x -> sitting == null ? now.isBefore(x.registrationClosesAt().toInstant()) : x.code().equals(sitting))
                .findFirst().orElse(null);
        if (s == null) {
            return null;
        }
        String a = area != null ? area : s.areas().get(0).code();
        String m = major != null ? major : s.majors().get(0).code();
        if (s.area(a).isEmpty() || s.major(m).isEmpty()) {
            return null;
        }
        AdmissionNumber series = AdmissionNumber.series(s, a);
        return new Target(s, a, m, series.year2(), series.term());
    }
}
