package cn.zikao.candidate;

import cn.zikao.platform.FieldError;
import cn.zikao.platform.Texts;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** The rules of a candidate's basic information, shared by 新生注册 and {@code PATCH /api/v1/me}. */
final class BasicInfo {
    private static final Pattern ETHNICITY = Pattern.compile("0[1-9]|[1-4][0-9]|5[0-6]");
    private static final Pattern POLITICAL_STATUS = Pattern.compile("0[1-9]|1[0-3]");
    private static final Pattern GRADUATION = Pattern.compile("[0-9]{4}-[0-9]{2}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}<>]");

    private BasicInfo() {}

    static void gender(String v, char fromIdNumber, List<FieldError> errors) {
        if (!"M".equals(v) && !"F".equals(v)) {
            errors.add(new FieldError("gender", "INVALID", "field.gender.invalid"));
        } else if (fromIdNumber != 0 && v.charAt(0) != fromIdNumber) {
            errors.add(new FieldError("gender", "MISMATCH", "field.gender.mismatch"));
        }
    }

    static void ethnicity(String v, List<FieldError> errors) {
        if (v == null || !ETHNICITY.matcher(v).matches()) {
            errors.add(new FieldError("ethnicity", "INVALID", "field.ethnicity.invalid"));
        }
    }

    static void politicalStatus(String v, List<FieldError> errors) {
        if (v == null || !POLITICAL_STATUS.matcher(v).matches()) {
            errors.add(new FieldError("politicalStatus", "INVALID", "field.political-status.invalid"));
        }
    }

    static void hukou(String v, List<FieldError> errors) {
        if (!"URBAN".equals(v) && !"RURAL".equals(v)) {
            errors.add(new FieldError("hukou", "INVALID", "field.hukou.invalid"));
        }
    }

    static void graduationDate(String v, List<FieldError> errors) {
        if (v == null) {
            return;
        }
        boolean ok = GRADUATION.matcher(v).matches();
        if (ok) {
            try {
                int year = YearMonth.parse(v, DateTimeFormatter.ofPattern("uuuu-MM")).getYear();
                ok = year >= 1940 && year <= 2100;
            } catch (DateTimeParseException e) {
                ok = false;
            }
        }
        if (!ok) {
            errors.add(new FieldError("graduationDate", "INVALID", "field.graduation-date.invalid"));
        }
    }

    /** Optional free text: at most {@code max} characters, no control characters or angle brackets. */
    static void text(String field, String v, int max, List<FieldError> errors) {
        if (v != null && (v.length() > max || CONTROL.matcher(v).find())) {
            errors.add(new FieldError(field, "INVALID", Texts.of("field.text.invalid", max)));
        }
    }

    static Boolean bool(String field, String v, List<FieldError> errors) {
        if (v == null) {
            return null;
        }
        if (!"true".equals(v) && !"false".equals(v)) {
            errors.add(new FieldError(field, "INVALID", "field.boolean.invalid"));
            return null;
        }
        return Boolean.valueOf(v);
    }
}
