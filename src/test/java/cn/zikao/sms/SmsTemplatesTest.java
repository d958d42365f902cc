package cn.zikao.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SmsTemplatesTest {
    @Test
    @DisplayName("every SMS reads in Chinese by default and in Tibetan when its parameters say lang=bo")
    void chineseAndTibetan() {
        int minutes = SmsCodes.CODE_TTL_SECONDS / 60;
        assertEquals("【西藏自治区教育考试院】您的验证码为123456，" + minutes + "分钟内有效，请勿告诉他人。",
                SmsTemplates.text(SmsTemplates.CODE, Map.of("code", "123456")));
        assertEquals("【བོད་རང་སྐྱོང་ལྗོངས་སློབ་གསོའི་རྒྱུགས་ལེན་ཁང་།】ཁྱེད་ཀྱི་ར་སྤྲོད་ཨང་རྟགས་ནི་123456ཡིན། སྐར་མ་" + minutes
                + "ནང་ནུས་པ་ལྡན། གཞན་ལ་མ་བཤད་རོགས།", SmsTemplates.text(SmsTemplates.CODE, Map.of("code", "123456", "lang", "bo")));
        assertEquals("【西藏自治区教育考试院】您已完成自学考试新生注册，准考证号2601010001，请妥善保管。",
                SmsTemplates.text(SmsTemplates.REGISTERED, Map.of("admissionNo", "2601010001")));
        assertEquals("【བོད་རང་སྐྱོང་ལྗོངས་སློབ་གསོའི་རྒྱུགས་ལེན་ཁང་།】ཁྱེད་ཀྱིས་རང་སློབ་རྒྱུགས་ལེན་གྱི་སློབ་མ་གསར་པའི་ཐོ་འགོད་ལེགས་འགྲུབ་བྱུང་། "
                + "རྒྱུགས་ཞུགས་ལག་ཁྱེར་ཨང་གྲངས་ནི་2601010001ཡིན། ལེགས་པར་ཉར་ཚགས་གནང་རོགས།",
                SmsTemplates.text(SmsTemplates.REGISTERED, Map.of("admissionNo", "2601010001"), "bo"));
        assertEquals("【西藏自治区教育考试院】您在自学考试报名系统绑定的手机号已更换为139****0000，如非本人操作，请立即联系考试院。",
                SmsTemplates.text(SmsTemplates.PHONE_CHANGED, Map.of("phoneMasked", "139****0000")));
    }
}
