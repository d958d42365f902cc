package cn.zikao.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The venues and rooms of an area in {@code exam-plan.yaml}, checked like the rest: a mistake names its field. */
final class PlanVenues {
    private PlanVenues() {}

    /** {@code seen}: the venue codes of the sitting so far, since a code is unique within the sitting. */
    static List<ExamPlan.Venue> venues(List<PlanFile.Field> items, Set<String> seen) {
        List<ExamPlan.Venue> venues = new ArrayList<>();
        for (PlanFile.Field vf : items) {
            PlanFile.Fields v = vf.map();
            PlanFile.Field codeField = v.get("code");
            String code = codeField.text(PlanCodes.VENUE.pattern(), "six digits, e.g. 010001");
            if (!seen.add(code)) {
                throw codeField.error("venue " + code + " appears twice in the sitting");
            }
            List<ExamPlan.Room> rooms = new ArrayList<>();
            Set<Integer> roomNos = new HashSet<>();
            for (PlanFile.Field rf : v.get("rooms").list()) {
                PlanFile.Fields r = rf.map();
                PlanFile.Field noField = r.get("no");
                int no = noField.positive();
                if (no > 999) {
                    throw noField.error(no + " is more than 999");
                }
                if (!roomNos.add(no)) {
                    throw noField.error("room " + no + " appears twice in venue " + code);
                }
                PlanFile.Field seatsField = r.get("seats");
                int seats = seatsField.positive();
                if (seats > 99) {
                    throw seatsField.error(seats + " seats is more than a room's 99");
                }
                rooms.add(new ExamPlan.Room(no, seats));
            }
            if (rooms.isEmpty()) {
                throw v.get("rooms").error("a venue needs at least one room");
            }
            venues.add(new ExamPlan.Venue(code, v.get("name").text(".+", "a name"), v.get("address").text(".+", "an address"),
                    List.copyOf(rooms)));
        }
        return List.copyOf(venues);
    }
}
