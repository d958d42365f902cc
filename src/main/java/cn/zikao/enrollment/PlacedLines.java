package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import java.util.ArrayList;
import java.util.List;

/** The course lines of an order being placed, as the order statement's arrays and as the order's view. */
record PlacedLines(ExamPlan.Sitting sitting, List<SeatGuard.Seat> admitted, Integer[] slots, String[] courses,
                   Integer[] seats, Integer[] fees, int coursesFen) {

    static PlacedLines of(ExamPlan.Sitting sitting, List<SeatGuard.Seat> admitted) {
        int n = admitted.size();
        Integer[] slots = new Integer[n];
        String[] courses = new String[n];
        Integer[] seats = new Integer[n];
        Integer[] fees = new Integer[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            SeatGuard.Seat s = admitted.get(i);
            slots[i] = s.slotNo();
            courses[i] = s.courseCode();
            seats[i] = s.seatNo();
            fees[i] = sitting.course(s.courseCode()).orElseThrow().feeFen();
            total += fees[i];
        }
        return new PlacedLines(sitting, admitted, slots, courses, seats, fees, total);
    }

    /** The lines as the candidate sees them, the registration fee first when the order carries it (null: not). */
    List<OrderView.LineView> views(Integer registrationFeeFen) {
        List<OrderView.LineView> lines = new ArrayList<>();
        if (registrationFeeFen != null) {
            lines.add(OrderView.registrationFee(registrationFeeFen));
        }
        for (int i = 0; i < slots.length; i++) {
            lines.add(OrderView.course(sitting, courses[i], slots[i], fees[i]));
        }
        return lines;
    }
}
