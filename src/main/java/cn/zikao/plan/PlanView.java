package cn.zikao.plan;

import cn.zikao.platform.Times;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * {@code GET /api/v1/plan} as openapi.yaml shapes it. {@code orderHoldSeconds} is how long an unpaid order holds its
 * seats, so that the pages' notices need not restate it; {@code ticketsFrom} when 准考证 can be printed (absent: not yet
 * known).
 */
@Serdeable
record PlanView(List<SittingView> sittings, int orderHoldSeconds) {

    @Serdeable
    record SittingView(String code, String name, String registrationOpensAt, String registrationClosesAt,
                       int registrationFeeFen, String ticketsFrom, List<AreaView> areas, List<SlotView> slots, List<MajorView> majors) {}

    @Serdeable
    record AreaView(String code, String name) {}

    @Serdeable
    record SlotView(int no, String startsAt, String endsAt) {}

    @Serdeable
    record MajorView(String code, String name, String level, List<CourseView> courses) {}

    @Serdeable
    record CourseView(String code, String name, int feeFen, int slotNo) {}

    static PlanView of(List<ExamPlan.Sitting> sittings, int orderHoldSeconds) {
        return new PlanView(sittings.stream().map(s -> new SittingView(s.code(), s.name(),
                Times.iso(s.registrationOpensAt()), Times.iso(s.registrationClosesAt()), s.registrationFeeFen(),
                s.ticketsFrom() == null ? null : Times.iso(s.ticketsFrom()),
                s.areas().stream().map(a -> new AreaView(a.code(), a.name())).toList(),
                s.slots().stream().map(x -> new SlotView(x.no(), Times.iso(x.startsAt()), Times.iso(x.endsAt()))).toList(),
                s.majors().stream().map(m -> new MajorView(m.code(), m.name(), m.level(), m.courses().stream()
                        .map(c -> s.course(c).orElseThrow())
                        .map(c -> new CourseView(c.code(), c.name(), c.feeFen(), c.slotNo())).toList())).toList()))
                .toList(), orderHoldSeconds);
    }
}
