package cn.zikao.candidate;

import cn.zikao.platform.FieldError;
import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.util.List;

/** Who is signing up: name, ID number, phone, SMS code and password, as 新生注册 and 完善资料 both take them. */
record Identity(String name, String idNumber, IdentityRules.IdFacts facts, String phone, String smsCode, String password) {

    static Identity parse(MultiMap f, LocalDate today, List<FieldError> errors) {
        String name = RegistrationForm.trim(f.get("name"));
        if (!IdentityRules.name(name)) {
            errors.add(new FieldError("name", "INVALID", "姓名须为2–30个汉字、藏文或拉丁字母，可含间隔号·。"));
        }
        String idNumber = IdentityRules.normalizeIdNumber(RegistrationForm.trim(f.get("idNumber")));
        IdentityRules.IdFacts facts = IdentityRules.idNumber(idNumber, today);
        if (facts == null) {
            errors.add(new FieldError("idNumber", "INVALID", "身份证号不正确（校验位或出生日期有误）。"));
        }
        String phone = RegistrationForm.trim(f.get("phone"));
        if (!IdentityRules.phone(phone)) {
            errors.add(new FieldError("phone", "INVALID", "请输入正确的11位手机号。"));
        }
        String smsCode = RegistrationForm.trim(f.get("smsCode"));
        if (smsCode == null) {
            errors.add(new FieldError("smsCode", "REQUIRED", "请输入短信验证码。"));
        }
        String password = f.get("password");
        if (!IdentityRules.password(password)) {
            errors.add(new FieldError("password", "WEAK", "密码至少8位，须同时包含字母和数字。"));
        }
        return new Identity(name, idNumber, facts, phone, smsCode, password);
    }

    static void consent(MultiMap f, List<FieldError> errors) {
        if (!"true".equals(RegistrationForm.trim(f.get("consent")))) {
            errors.add(new FieldError("consent", "REQUIRED", "请阅读并同意身份证图片的采集与使用。"));
        }
    }
}
