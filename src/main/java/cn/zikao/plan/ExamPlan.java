package cn.zikao.plan;

import cn.zikao.platform.FieldError;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The exam plan as {@code config/exam-plan.yaml} states it, validated by {@link PlanFile}. */
public record ExamPlan(List<Sitting> sittings) {

    /** {@code ticketsFrom}: when 准考证 can be printed, null while the plan does not say. */
    public record Sitting(String code, String name, OffsetDateTime registrationOpensAt, OffsetDateTime registrationClosesAt,
                          int registrationFeeFen, OffsetDateTime ticketsFrom, List<Slot> slots, List<Area> areas,
                          List<Course> courses, List<Major> majors) {

        public Optional<Area> area(String areaCode) {
            return areas.stream().filter(a -> a.code().equals(areaCode)).findFirst();
        }

        public Optional<Course> course(String courseCode) {
            return courses.stream().filter(c -> c.code().equals(courseCode)).findFirst();
        }

        public Optional<Major> major(String majorCode) {
            return majors.stream().filter(m -> m.code().equals(majorCode)).findFirst();
        }

        public Optional<Slot> slot(int no) {
            return slots.stream().filter(s -> s.no() == no).findFirst();
        }

        public boolean open(java.time.Instant now) {
            return !now.isBefore(registrationOpensAt.toInstant()) && now.isBefore(registrationClosesAt.toInstant());
        }
    }

    public record Slot(int no, OffsetDateTime startsAt, OffsetDateTime endsAt) {}

    /** An exam area with its seat capacity per slot number and its venues (empty until 考场编排 is planned). */
    public record Area(String code, String name, Map<Integer, Integer> seats, List<Venue> venues) {}

    /** A 考点: its code is unique within the sitting. */
    public record Venue(String code, String name, String address, List<Room> rooms) {}

    /** A 考场 of a venue and its seats, numbered 1..seats. */
    public record Room(int no, int seats) {}

    public record Course(String code, String name, int feeFen, int slotNo) {}

    public record Major(String code, String name, String level, List<String> courses) {}

    /**
     * The errors of a sitting, area and major that do not go together in this plan ({@code sitting} as looked up,
     * null when unknown), under the field names {@code sittingCode}, {@code areaCode} and {@code majorCode}.
     */
    public List<FieldError> unknownEnrolment(Sitting sitting, String areaCode, String majorCode) {
        List<FieldError> errors = new ArrayList<>();
        if (sitting == null) {
            errors.add(PlanCodes.unknownSitting("sittingCode"));
            return errors;
        }
        if (areaCode == null || sitting.area(areaCode).isEmpty()) {
            errors.add(PlanCodes.unknownArea("areaCode"));
        }
        if (majorCode == null || sitting.major(majorCode).isEmpty()) {
            errors.add(PlanCodes.unknownMajor("majorCode"));
        }
        return errors;
    }

    public Optional<Sitting> sitting(String code) {
        return sittings.stream().filter(s -> s.code().equals(code)).findFirst();
    }
}
