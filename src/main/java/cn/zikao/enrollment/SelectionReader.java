package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a candidate may select and already holds, and the paid courses (考试查询). */
final class SelectionReader {
    private final ExamPlan plan;
    private final Pool pg;
    private final SeatLedger ledger;

    SelectionReader(ExamPlan plan, Pool pg, SeatLedger ledger) {
        this.plan = plan;
        this.pg = pg;
        this.ledger = ledger;
    }

    Future<SelectionView> read(long candidateId, ExamPlan.Sitting sitting) {
        return pg.preparedQuery(OrderSql.CANDIDATE).execute(Tuple.of(candidateId, sitting.code())).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.failedFuture(Problem.unauthenticated());
            }
            Row c = rows.iterator().next();
            ExamPlan.Area area = c.getString("area_code") == null ? null : sitting.area(c.getString("area_code")).orElse(null);
            ExamPlan.Major major = c.getString("major_code") == null ? null : sitting.major(c.getString("major_code")).orElse(null);
            if (area == null || major == null) {
                return Future.failedFuture(Refusals.notEnrolled());
            }
            Future<Map<Integer, SelectionView.Holding>> held = pg.preparedQuery(OrderSql.HOLDINGS)
                    .execute(Tuple.of(candidateId, sitting.code())).map(hs -> {
                        Map<Integer, SelectionView.Holding> bySlot = new HashMap<>();
                        for (Row h : hs) {
                            String course = h.getString("course_code");
                            bySlot.put(h.getInteger("slot_no"), new SelectionView.Holding(course, courseName(sitting, course),
                                    h.getString("status"), h.getUUID("order_id").toString()));
                        }
                        return bySlot;
                    });
            Future<Map<Integer, Long>> left = ledger.shownLeft(sitting, area.code())
                    .recover(e -> e instanceof SeatLedger.LedgerNotReady
                            ? ledger.rebuild(sitting, area).compose(v -> ledger.left(sitting, area.code()))
                            : Future.failedFuture(e));
            return Future.all(held, left).map(v -> {
                List<SelectionView.SlotChoice> slots = new ArrayList<>();
                for (ExamPlan.Slot slot : sitting.slots()) {
                    List<SelectionView.CourseChoice> courses = major.courses().stream()
                            .map(code -> sitting.course(code).orElseThrow())
                            .filter(course -> course.slotNo() == slot.no())
                            .map(course -> new SelectionView.CourseChoice(course.code(), course.name(), course.feeFen()))
                            .toList();
                    slots.add(new SelectionView.SlotChoice(slot.no(), Times.iso(slot.startsAt()), Times.iso(slot.endsAt()),
                            area.seats().get(slot.no()), left.result().getOrDefault(slot.no(), 0L), courses,
                            held.result().get(slot.no())));
                }
                return new SelectionView(sitting.code(), area.code(), major.code(), c.getBoolean("acked"),
                        c.getBoolean("fee_due"), sitting.registrationFeeFen(), slots);
            });
        });
    }

    Future<List<SelectionView.ExamView>> exams(long candidateId) {
        return pg.preparedQuery(OrderSql.EXAMS).execute(Tuple.of(candidateId)).map(rows -> {
            List<SelectionView.ExamView> exams = new ArrayList<>();
            for (Row r : rows) {
                ExamPlan.Sitting s = plan.sitting(r.getString("sitting_code")).orElse(null);
                if (s == null) {
                    continue;
                }
                ExamPlan.Slot slot = s.slot(r.getInteger("slot_no")).orElseThrow();
                String area = r.getString("area_code");
                exams.add(new SelectionView.ExamView(s.code(), area, s.area(area).map(ExamPlan.Area::name).orElse(null),
                        slot.no(), Times.iso(slot.startsAt()), Times.iso(slot.endsAt()), r.getString("course_code"),
                        courseName(s, r.getString("course_code")), r.getInteger("seat_no")));
            }
            return exams;
        });
    }

    private static String courseName(ExamPlan.Sitting s, String code) {
        return s.course(code).map(ExamPlan.Course::name).orElse(null);
    }
}
