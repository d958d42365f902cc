package cn.zikao.candidate;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Times;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * A 准考证号: the area (4 digits), the two-digit year and the term (1: first half of the year, 2: second) of the
 * sitting a candidate first registers for, and a sequence of 5 digits per area, year and term, e.g.
 * {@code 010027100001}. The sequence lives in {@code admission_sequence}.
 */
record AdmissionNumber(String areaCode, String year2, String term, int sequence) {
    static final Pattern PATTERN = Pattern.compile("[0-9]{4}[0-9]{2}[12][0-9]{5}");

    /** The area, year and term a registration for {@code sitting} in {@code areaCode} numbers in (sequence 0). */
    static AdmissionNumber series(ExamPlan.Sitting sitting, String areaCode) {
        OffsetDateTime firstSlot = sitting.slots().get(0).startsAt().atZoneSameInstant(Times.CHINA).toOffsetDateTime();
        return new AdmissionNumber(areaCode, String.format("%02d", firstSlot.getYear() % 100),
                firstSlot.getMonthValue() <= 6 ? "1" : "2", 0);
    }

    /** A number as written, or null if it is not one. */
    static AdmissionNumber parse(String text) {
        if (text == null || !PATTERN.matcher(text).matches()) {
            return null;
        }
        return new AdmissionNumber(text.substring(0, 4), text.substring(4, 6), text.substring(6, 7),
                Integer.parseInt(text.substring(7)));
    }

    AdmissionNumber withSequence(int n) {
        return new AdmissionNumber(areaCode, year2, term, n);
    }

    @Override
    public String toString() {
        return areaCode + year2 + term + String.format("%05d", sequence);
    }
}
