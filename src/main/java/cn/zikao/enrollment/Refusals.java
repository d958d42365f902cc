package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Texts;
import java.util.ArrayList;
import java.util.List;

/** The problems an order can meet, with the codes of {@code openapi.yaml} and catalogue keys for the texts a candidate reads. */
final class Refusals {
    private Refusals() {}

    static Problem noticeNotAcked() {
        return Problem.conflict("NOTICE_NOT_ACKED", "problem.notice-not-acked.title", "problem.notice-not-acked.detail");
    }

    static Problem closed() {
        return Problem.conflict("REGISTRATION_CLOSED", "problem.registration-closed.title", "problem.registration-closed.detail");
    }

    static Problem openOrderExists() {
        return Problem.conflict("OPEN_ORDER_EXISTS", "problem.open-order-exists.title",
                "problem.open-order-exists.detail");
    }

    static Problem orderPaid() {
        return Problem.conflict("ORDER_PAID", "problem.order-paid.title", "problem.order-paid.detail");
    }

    static Problem notCancellable() {
        return Problem.conflict("ORDER_NOT_CANCELLABLE", "problem.order-not-cancellable.title", "problem.order-not-cancellable.detail");
    }

    static Problem notEnrolled() {
        return Problem.validation("enrollment", "NOT_ENROLLED", "field.enrollment.not-enrolled");
    }

    static Problem slotTaken(SeatGuard.Selection s) {
        return new Problem(409, "SLOT_TAKEN", "problem.slot-taken.title", "problem.slot-taken.detail",
                List.of(new FieldError(slotField(s), "SLOT_TAKEN", Texts.of("field.slot-taken", s.slotNo()))), null);
    }

    static Problem seatsFull(SeatGuard.Selection s) {
        return new Problem(409, "SEATS_FULL", "problem.seats-full.title", "problem.seats-full.detail",
                List.of(new FieldError(slotField(s), "SEATS_FULL", Texts.of("field.seats-full", s.slotNo()))), null);
    }

    static Problem notOffered(List<FieldError> errors) {
        return new Problem(400, "COURSE_NOT_OFFERED", "problem.course-not-offered.title",
                "problem.course-not-offered.detail", errors, null);
    }

    /** The selections whose course the major does not offer in that slot. */
    static List<FieldError> notOffered(ExamPlan.Sitting sitting, ExamPlan.Major major, List<SeatGuard.Selection> selections) {
        List<FieldError> errors = new ArrayList<>();
        for (SeatGuard.Selection s : selections) {
            boolean offered = major.courses().contains(s.courseCode())
                    && sitting.course(s.courseCode()).map(x -> x.slotNo() == s.slotNo()).orElse(false);
            if (!offered) {
                errors.add(new FieldError("selections[" + s.index() + "].courseCode", "COURSE_NOT_OFFERED",
                        Texts.of("field.course-not-offered", s.courseCode())));
            }
        }
        return errors;
    }

    private static String slotField(SeatGuard.Selection s) {
        return "selections[" + s.index() + "].slotNo";
    }
}
