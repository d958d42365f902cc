package cn.zikao.candidate;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;
import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The fields of 新生注册, read from the multipart form and checked all at once (every error reported). */
record RegistrationForm(String name, String idNumber, String phone, String smsCode, String password, String gender,
                        LocalDate birthDate, String ethnicity, String politicalStatus, String hukou, String occupation,
                        Boolean inSchool, String education, String graduationDate, String unit, String province,
                        String city, String county, String address, String candidateType, ExamPlan.Sitting sitting,
                        String areaCode, String majorCode) {

    static RegistrationForm parse(MultiMap f, ExamPlan plan, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        Identity id = Identity.parse(f, today, errors);
        String gender = trim(f.get("gender"));
        BasicInfo.gender(gender, id.facts() == null ? (char) 0 : id.facts().gender(), errors);
        String ethnicity = trim(f.get("ethnicity"));
        BasicInfo.ethnicity(ethnicity, errors);
        String political = trim(f.get("politicalStatus"));
        BasicInfo.politicalStatus(political, errors);
        String hukou = trim(f.get("hukou"));
        BasicInfo.hukou(hukou, errors);
        Boolean inSchool = BasicInfo.bool("inSchool", trim(f.get("inSchool")), errors);
        String graduation = trim(f.get("graduationDate"));
        BasicInfo.graduationDate(graduation, errors);
        String[] texts = {"occupation", "education", "unit", "province", "city", "county", "candidateType"};
        for (String t : texts) {
            BasicInfo.text(t, trim(f.get(t)), 60, errors);
        }
        BasicInfo.text("address", trim(f.get("address")), 120, errors);
        ExamPlan.Sitting sitting = plan.sitting(String.valueOf(trim(f.get("sittingCode")))).orElse(null);
        String area = trim(f.get("areaCode"));
        String major = trim(f.get("majorCode"));
        errors.addAll(plan.unknownEnrolment(sitting, area, major));
        Identity.consent(f, errors);
        if (!errors.isEmpty()) {
            throw Problem.validation(errors);
        }
        return new RegistrationForm(id.name(), id.idNumber(), id.phone(), id.smsCode(), id.password(), gender,
                id.facts().birthDate(), ethnicity, political, hukou, trim(f.get("occupation")), inSchool,
                trim(f.get("education")), graduation, trim(f.get("unit")), trim(f.get("province")), trim(f.get("city")),
                trim(f.get("county")), trim(f.get("address")), trim(f.get("candidateType")), sitting, area, major);
    }

    static String trim(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
