package cn.zikao.candidate;

import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;

/** What a candidate reads about 找回密码 and 换绑手机号, in one place (for a message catalogue later). */
final class AccountTexts {
    private AccountTexts() {}

    static FieldError methodInvalid() {
        return new FieldError("method", "INVALID", "找回方式须为 ID 或 PHONE。");
    }

    static FieldError required(String field) {
        return new FieldError(field, "REQUIRED", "此项不能为空。");
    }

    static FieldError passwordTooLong() {
        return new FieldError("password", "INVALID", "密码过长。");
    }

    static Problem wrongPassword() {
        return new Problem(401, "BAD_CREDENTIALS", "密码不正确", "登录密码不正确，请重新输入。");
    }
}
