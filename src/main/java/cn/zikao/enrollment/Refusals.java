package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The problems an order can meet, with the codes of API.md and Chinese texts fit to show a candidate. */
final class Refusals {
    private static final Pattern LAST_KEY_VALUE = Pattern.compile("=\\(.*?([^,() ]+)\\)");

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

    static Problem slotTaken(int index, int slotNo) {
        return new Problem(409, "SLOT_TAKEN", "该场次已有报考科目", "同一场次只能报考一门科目。",
                List.of(new FieldError(field(index), "SLOT_TAKEN", "第" + slotNo + "场已报考其他科目。")), null);
    }

    static Problem seatsFull(int index, int slotNo) {
        return new Problem(409, "SEATS_FULL", "考位已满", "所选场次在您的考区已无空余考位。",
                List.of(new FieldError(field(index), "SEATS_FULL", "第" + slotNo + "场考位已满。")), null);
    }

    static Problem notOffered(List<FieldError> errors) {
        return new Problem(400, "COURSE_NOT_OFFERED", "所选科目未开考", "所选科目不在您专业的本场次开考科目中。", errors, null);
    }

    /** The selections whose course the major does not offer in that slot. */
    static List<FieldError> notOffered(ExamPlan.Sitting sitting, ExamPlan.Major major, List<SeatGuard.Selection> selections) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < selections.size(); i++) {
            SeatGuard.Selection s = selections.get(i);
            boolean offered = major.courses().contains(s.courseCode())
                    && sitting.course(s.courseCode()).map(x -> x.slotNo() == s.slotNo()).orElse(false);
            if (!offered) {
                errors.add(notOffered(i, s.courseCode()));
            }
        }
        return errors;
    }

    static FieldError notOffered(int index, String courseCode) {
        return new FieldError("selections[" + index + "].courseCode", "COURSE_NOT_OFFERED", "科目 " + courseCode + " 不在您专业的该场次开考。");
    }

    private static String field(int index) {
        return "selections[" + index + "].slotNo";
    }

    /** The slot named by a unique violation's detail, e.g. {@code Key (candidate_id, sitting_code, slot_no)=(5, 271, 2)}. */
    static int takenSlot(PgException e, String constraint, ExamPlan.Sitting sitting, List<SeatGuard.Selection> selections) {
        Matcher m = LAST_KEY_VALUE.matcher(String.valueOf(e.getDetail()));
        if (m.find()) {
            String v = m.group(1);
            if ("enrollment_slot_uq".equals(constraint) && v.matches("\\d+")) {
                return Integer.parseInt(v);
            }
            for (SeatGuard.Selection s : selections) {
                if (s.courseCode().equals(v)) {
                    return s.slotNo();
                }
            }
        }
        return selections.get(0).slotNo();
    }

    static int indexOf(List<SeatGuard.Selection> selections, Integer slotNo) {
        for (int i = 0; i < selections.size(); i++) {
            if (slotNo != null && selections.get(i).slotNo() == slotNo) {
                return i;
            }
        }
        return 0;
    }
}
