package cn.zikao.candidate;

import cn.zikao.platform.FieldError;
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
            errors.add(new FieldError("gender", "INVALID", "性别须为 M 或 F。"));
        } else if (fromIdNumber != 0 && v.charAt(0) != fromIdNumber) {
            errors.add(new FieldError("gender", "MISMATCH", "性别与身份证号不符。"));
        }
    }

    static void ethnicity(String v, List<FieldError> errors) {
        if (v == null || !ETHNICITY.matcher(v).matches()) {
            errors.add(new FieldError("ethnicity", "INVALID", "请选择民族（GB 3304 代码 01–56）。"));
        }
    }

    static void politicalStatus(String v, List<FieldError> errors) {
        if (v == null || !POLITICAL_STATUS.matcher(v).matches()) {
            errors.add(new FieldError("politicalStatus", "INVALID", "请选择政治面貌（GB 4762 代码 01–13）。"));
        }
    }

    static void hukou(String v, List<FieldError> errors) {
        if (!"URBAN".equals(v) && !"RURAL".equals(v)) {
            errors.add(new FieldError("hukou", "INVALID", "户籍类别须为 URBAN 或 RURAL。"));
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
            errors.add(new FieldError("graduationDate", "INVALID", "毕业时间格式为 YYYY-MM。"));
        }
    }

    /** Optional free text: at most {@code max} characters, no control characters or angle brackets. */
    static void text(String field, String v, int max, List<FieldError> errors) {
        if (v != null && (v.length() > max || CONTROL.matcher(v).find())) {
            errors.add(new FieldError(field, "INVALID", "内容过长或含有不允许的字符（最多" + max + "字）。"));
        }
    }

    static Boolean bool(String field, String v, List<FieldError> errors) {
        if (v == null) {
            return null;
        }
        if (!"true".equals(v) && !"false".equals(v)) {
            errors.add(new FieldError(field, "INVALID", "须为 true 或 false。"));
            return null;
        }
        return Boolean.valueOf(v);
    }
}
