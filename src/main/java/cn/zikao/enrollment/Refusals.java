package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;
import java.util.ArrayList;
import java.util.List;

/** The problems an order can meet, with the codes of {@code openapi.yaml} and Chinese texts fit to show a candidate. */
final class Refusals {
    private Refusals() {}

    static Problem noticeNotAcked() {
        return Problem.conflict("NOTICE_NOT_ACKED", "请先阅读报考须知", "报考前请先阅读并确认报考须知。");
    }

    static Problem closed() {
        return Problem.conflict("REGISTRATION_CLOSED", "不在报名时间内", "当前不在本次考试的报名时间内。");
    }

    static Problem openOrderExists() {
        return Problem.conflict("OPEN_ORDER_EXISTS", "有未完成的订单", "您有未缴费或缴费中的订单，请先完成缴费或取消该订单。");
    }

    static Problem orderPaid() {
        return Problem.conflict("ORDER_PAID", "已有缴费订单", "您在本次考试已有缴费成功的订单，不能更改考籍信息。");
    }

    static Problem notCancellable() {
        return Problem.conflict("ORDER_NOT_CANCELLABLE", "订单不能取消", "只有未缴费的订单可以取消。");
    }

    static Problem notEnrolled() {
        return Problem.validation("enrollment", "NOT_ENROLLED", "请先设置本次考试的考区和专业。");
    }

    static Problem slotTaken(SeatGuard.Selection s) {
        return new Problem(409, "SLOT_TAKEN", "该场次已有报考科目", "同一场次只能报考一门科目。",
                List.of(new FieldError(slotField(s), "SLOT_TAKEN", "第" + s.slotNo() + "场已报考其他科目。")), null);
    }

    static Problem seatsFull(SeatGuard.Selection s) {
        return new Problem(409, "SEATS_FULL", "考位已满", "所选场次在您的考区已无空余考位。",
                List.of(new FieldError(slotField(s), "SEATS_FULL", "第" + s.slotNo() + "场考位已满。")), null);
    }

    static Problem notOffered(List<FieldError> errors) {
        return new Problem(400, "COURSE_NOT_OFFERED", "所选科目未开考", "所选科目不在您专业的本场次开考科目中。", errors, null);
    }

    /** The selections whose course the major does not offer in that slot. */
    static List<FieldError> notOffered(ExamPlan.Sitting sitting, ExamPlan.Major major, List<SeatGuard.Selection> selections) {
        List<FieldError> errors = new ArrayList<>();
        for (SeatGuard.Selection s : selections) {
            boolean offered = major.courses().contains(s.courseCode())
                    && sitting.course(s.courseCode()).map(x -> x.slotNo() == s.slotNo()).orElse(false);
            if (!offered) {
                errors.add(new FieldError("selections[" + s.index() + "].courseCode", "COURSE_NOT_OFFERED",
                        "科目 " + s.courseCode() + " 不在您专业的该场次开考。"));
            }
        }
        return errors;
    }

    private static String slotField(SeatGuard.Selection s) {
        return "selections[" + s.index() + "].slotNo";
    }
}
