package cn.zikao.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import cn.zikao.testing.Work;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The pages when the service is at capacity: with no place at all for password hashing (0:0 here) a password
 * login is always BUSY with a place in line, and the page shows the wait and retries by itself.
 */
class BusyPageBrowserTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_WORK_PASSWORDS", "0:0");

    @Test
    @DisplayName("a BUSY login shows a calm notice with the place in line and a countdown, and retries by itself with the same ticket")
    void busyLoginWaitsAndRetries() {
        try (Chromium browser = new Chromium(); UnifiedJedis redis = app.redis()) {
            browser.open(app.api().base() + "/login.html");
            browser.type("#id-name", "扎西多吉");
            browser.type("#id-idNumber", Onboarding.idNumber());
            browser.type("#id-password", "Zikao2026ok");
            browser.waitFor(d -> browser.find("#id-captcha-img").getDomAttribute("data-captcha-id") != null);
            String captchaId = browser.find("#id-captcha-img").getDomAttribute("data-captcha-id");
            browser.type("#id-captchaAnswer", app.api().get("/dev/captchas/" + captchaId).json().getString("answer"));
            browser.type("#id-smsCode", "123456");
            long busyBefore = Work.busy(app, "passwords");
            browser.click("#id-form [type=submit]");
            browser.waitText(".busy-notice", "当前访问人数较多");
            String notice = browser.textOf(".busy-notice");
            assertTrue(notice.contains("您已在排队，前面还有 0 人"), notice);
            assertTrue(notice.contains("秒后自动重试") || notice.contains("正在重试"), notice);
            browser.shot("busy-login");
            browser.waitFor(d -> Work.busy(app, "passwords") >= busyBefore + 3);
            assertEquals(1L, redis.zcard("zk:queue:{login}:line"), "every retry presented the same place in line");
            assertTrue(browser.find(".busy-notice").isDisplayed());
            assertEquals("", browser.textOf("#id-alert"), "no error while the page waits");
        }
    }
}
