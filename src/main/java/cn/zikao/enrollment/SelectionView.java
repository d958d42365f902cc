package cn.zikao.enrollment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** {@code GET /api/v1/sittings/{code}/selection}: per slot the courses offered, seats left and what is held. */
@Serdeable
record SelectionView(String sittingCode, String areaCode, String majorCode, boolean noticeAcked,
                     boolean registrationFeeDue, int registrationFeeFen, List<SlotChoice> slots) {

    @Serdeable
    record SlotChoice(int slotNo, String startsAt, String endsAt, int capacity, long left,
                      @JsonInclude(JsonInclude.Include.ALWAYS) List<CourseChoice> courses, Holding held) {}

    @Serdeable
    record CourseChoice(String code, String name, int feeFen) {}

    /** A course the candidate holds in the slot: HELD (in an open order) or PAID. */
    @Serdeable
    record Holding(String courseCode, String courseName, String status, String orderId) {}

    @Serdeable
    record EnrollmentView(String sittingCode, String areaCode, String majorCode) {}

    @Serdeable
    record ExamView(String sittingCode, String areaCode, String areaName, int slotNo, String startsAt, String endsAt,
                    String courseCode, String courseName, int seatNo) {}

    @Serdeable
    record OrderRequest(List<SelectionBody> selections) {}

    @Serdeable
    record SelectionBody(Integer slotNo, String courseCode) {}

    @Serdeable
    record EnrollmentRequest(String sittingCode, String areaCode, String majorCode) {}
}
