package cn.zikao.sms;

import java.util.Map;

/** The messages the service sends: a logical template name and its parameters, rendered for the dev outbox. */
final class SmsTemplates {
    static final String CODE = "code";
    static final String REGISTERED = "registered";
    static final String PHONE_CHANGED = "phoneChanged";
    private static final String SIGN = "【西藏自治区教育考试院】";

    private SmsTemplates() {}

    static String text(String template, Map<String, String> params) {
        return switch (template) {
            case CODE -> SIGN + "您的验证码为" + params.get("code") + "，" + SmsCodes.CODE_TTL_SECONDS / 60
                    + "分钟内有效，请勿告诉他人。";
            case REGISTERED -> SIGN + "您已完成自学考试新生注册，准考证号" + params.get("admissionNo") + "，请妥善保管。";
            case PHONE_CHANGED -> SIGN + "您在自学考试报名系统绑定的手机号已更换为" + params.get("phoneMasked")
                    + "，如非本人操作，请立即联系考试院。";
            default -> throw new IllegalArgumentException("unknown SMS template " + template);
        };
    }
}
