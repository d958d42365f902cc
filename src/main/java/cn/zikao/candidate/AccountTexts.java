package cn.zikao.candidate;

import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;

/** What a candidate reads about 找回密码 and 换绑手机号, in one place (catalogue keys). */
final class AccountTexts {
    private AccountTexts() {}

    static FieldError methodInvalid() {
        return new FieldError("method", "INVALID", "field.method.reset-invalid");
    }

    static FieldError required(String field) {
        return new FieldError(field, "REQUIRED", "field.required");
    }

    static FieldError passwordTooLong() {
        return new FieldError("password", "INVALID", "field.password.too-long");
    }

    static Problem wrongPassword() {
        return new Problem(401, "BAD_CREDENTIALS", "problem.wrong-password.title", "problem.wrong-password.detail");
    }
}
