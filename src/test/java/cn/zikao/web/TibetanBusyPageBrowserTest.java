package cn.zikao.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The busy notice of a Tibetan page: with no place for password hashing a login waits, and says so in Tibetan. */
class TibetanBusyPageBrowserTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_WORK_PASSWORDS", "0:0");

    @Test
    @DisplayName("a BUSY login on a Tibetan page shows the wait, the place in line and the countdown in Tibetan")
    void busyNoticeInTibetan() {
        try (Chromium browser = new Chromium()) {
            browser.open(app.api().base() + "/login.html?lang=bo");
            browser.type("#id-name", "扎西多吉");
            browser.type("#id-idNumber", Onboarding.idNumber());
            browser.type("#id-password", "Zikao2026ok");
            browser.waitFor(d -> browser.find("#id-captcha-img").getDomAttribute("data-captcha-id") != null);
            String captchaId = browser.find("#id-captcha-img").getDomAttribute("data-captcha-id");
            browser.type("#id-captchaAnswer", app.api().get("/dev/captchas/" + captchaId).json().getString("answer"));
            browser.type("#id-smsCode", "123456");
            browser.click("#id-form [type=submit]");
            browser.waitText(".busy-notice", "ད་ལྟ་འཚམས་འདྲི་བྱེད་མཁན་མང་། ཅུང་ཙམ་སྒུག་རོགས།");
            String notice = browser.textOf(".busy-notice");
            assertTrue(notice.contains("ཁྱེད་གྲལ་སྒུག་བྱེད་བཞིན་ཡོད། མདུན་དུ་མི་ 0 ཡོད།"), notice);
            assertTrue(notice.contains("རྗེས་སུ་རང་འགུལ་ངང་ཡང་བསྐྱར་ཚོད་ལྟ་བྱེད") || notice.contains("ཡང་བསྐྱར་ཚོད་ལྟ་བྱེད་བཞིན་པ"), notice);
            assertTrue(notice.contains("གྲལ་སྒུག་གི་གོ་ས་མི་བརླག་པའི་ཆེད་དུ"), notice);
            assertTrue(notice.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), notice);
            browser.shot("bo-busy-login", "bo");
            assertEquals("", browser.textOf("#id-alert"), "no error while the page waits");
        }
    }
}
