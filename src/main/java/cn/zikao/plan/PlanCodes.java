package cn.zikao.plan;

import cn.zikao.platform.FieldError;
import java.util.regex.Pattern;

/**
 * The shape of the plan's codes, and the messages for a code the plan does not hold. A 专业代码 is six digits,
 * with the level letter before it and a letter after it that the newer national catalogue adds (e.g.
 * {@code 030301}, {@code B020203K}).
 */
public final class PlanCodes {
    public static final Pattern SITTING = Pattern.compile("[0-9]{3}");
    public static final Pattern AREA = Pattern.compile("[0-9]{4}");
    public static final Pattern COURSE = Pattern.compile("[0-9]{5}");
    public static final Pattern MAJOR = Pattern.compile("[A-Z]?[0-9]{6}[A-Z]?");
    /** A 考点: unique within the sitting. */
    public static final Pattern VENUE = Pattern.compile("[0-9]{6}");

    private PlanCodes() {}

    public static boolean course(String code) {
        return code != null && COURSE.matcher(code).matches();
    }

    public static FieldError unknownSitting(String field) {
        return new FieldError(field, "UNKNOWN_SITTING", "field.sitting.unknown");
    }

    public static FieldError unknownArea(String field) {
        return new FieldError(field, "UNKNOWN_AREA", "field.area.unknown");
    }

    public static FieldError unknownMajor(String field) {
        return new FieldError(field, "UNKNOWN_MAJOR", "field.major.unknown");
    }
}
