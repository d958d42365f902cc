package cn.zikao.candidate;

import cn.zikao.identity.IdentityRules;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;
import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Who is signing up: name, ID number, phone, SMS code and password, as 新生注册 and 完善资料 both take them. */
record Identity(String name, String idNumber, IdentityRules.IdFacts facts, String phone, String smsCode, String password) {

    static Identity parse(MultiMap f, LocalDate today, List<FieldError> errors) {
        String name = IdentityRules.normalizeName(RegistrationForm.trim(f.get("name")));
        if (!IdentityRules.name(name)) {
            errors.add(IdentityRules.nameInvalid());
        }
        String idNumber = IdentityRules.normalizeIdNumber(RegistrationForm.trim(f.get("idNumber")));
        IdentityRules.IdFacts facts = IdentityRules.idNumber(idNumber, today);
        if (facts == null) {
            errors.add(IdentityRules.idNumberInvalid());
        }
        String phone = RegistrationForm.trim(f.get("phone"));
        if (!IdentityRules.phone(phone)) {
            errors.add(IdentityRules.phoneInvalid());
        }
        String smsCode = RegistrationForm.trim(f.get("smsCode"));
        if (smsCode == null) {
            errors.add(new FieldError("smsCode", "REQUIRED", "field.sms-code.required"));
        }
        String password = f.get("password");
        if (!IdentityRules.password(password)) {
            errors.add(IdentityRules.passwordWeak("password"));
        }
        return new Identity(name, idNumber, facts, phone, smsCode, password);
    }

    /** 完善资料's form: the identity and the consent, every error reported at once. */
    static Identity parseCompletion(MultiMap f, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        Identity id = parse(f, today, errors);
        consent(f, errors);
        if (!errors.isEmpty()) {
            throw Problem.validation(errors);
        }
        return id;
    }

    static void consent(MultiMap f, List<FieldError> errors) {
        if (!"true".equals(RegistrationForm.trim(f.get("consent")))) {
            errors.add(new FieldError("consent", "REQUIRED", "field.consent.required"));
        }
    }
}
