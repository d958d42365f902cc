package cn.zikao.sms;

import cn.zikao.platform.Texts;
import java.util.Map;

/**
 * The messages the service sends: a logical template name and its parameters, rendered for the dev outbox from the
 * message catalogue ({@code sms.*}). A {@code lang} parameter ({@code bo}) renders the Tibetan text; without it the
 * text is Chinese.
 */
final class SmsTemplates {
    static final String CODE = "code";
    static final String REGISTERED = "registered";
    static final String PHONE_CHANGED = "phoneChanged";
    static final String LANG = "lang";

    private SmsTemplates() {}

    static String text(String template, Map<String, String> params) {
        String lang = Texts.known(params.get(LANG));
        return text(template, params, lang == null ? Texts.ZH : lang);
    }

    static String text(String template, Map<String, String> params, String lang) {
        String body = switch (template) {
            case CODE -> Texts.of("sms.code", params.get("code"), SmsCodes.CODE_TTL_SECONDS / 60);
            case REGISTERED -> Texts.of("sms.registered", params.get("admissionNo"));
            case PHONE_CHANGED -> Texts.of("sms.phone-changed", params.get("phoneMasked"));
            default -> throw new IllegalArgumentException("unknown SMS template " + template);
        };
        return Texts.text(lang, "sms.sign") + Texts.text(lang, body);
    }
}
