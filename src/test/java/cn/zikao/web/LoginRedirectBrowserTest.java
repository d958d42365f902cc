package cn.zikao.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code login.html?next=...} returns to a page of this site only: the forms of an address that a browser reads as
 * another site ({@code /\evil}, a tab or newline inside, {@code //evil}, an absolute URL) land on 考生信息 instead.
 */
class LoginRedirectBrowserTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "0");

    @Test
    @DisplayName("after login, next= leads to a path of this site and never to another site, whatever its spelling")
    void nextStaysOnThisSite() {
        Onboarding onboarding = new Onboarding(app);
        Onboarding.Person person = onboarding.register("扎西");
        Map<String, String> landing = new LinkedHashMap<>();
        landing.put("/\\evil.example/", "/profile.html");
        landing.put("/\t/evil.example/", "/profile.html");
        landing.put("//evil.example/", "/profile.html");
        landing.put("https://evil.example/", "/profile.html");
        landing.put("/\\/evil.example/", "/profile.html");
        landing.put("/orders.html?from=login#top", "/orders.html?from=login#top");
        String base = app.api().base();
        try (Chromium browser = new Chromium()) {
            landing.forEach((next, expected) -> {
                browser.driver.manage().deleteAllCookies();
                browser.open(base + "/login.html?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
                browser.click("#tab-PHONE");
                browser.type("#ph-phone", person.phone());
                browser.type("#ph-smsCode", onboarding.code("LOGIN", person.phone()));
                browser.waitFor(d -> browser.find("#ph-captcha-img").getDomAttribute("data-captcha-id") != null);
                String captchaId = browser.find("#ph-captcha-img").getDomAttribute("data-captcha-id");
                browser.type("#ph-captchaAnswer", app.api().get("/dev/captchas/" + captchaId).json().getString("answer"));
                browser.click("#ph-form button[type='submit']");
                browser.waitFor(d -> !d.getCurrentUrl().contains("/login.html"));
                String url = browser.driver.getCurrentUrl();
                assertEquals(base + expected, url, "next=" + next);
                assertTrue(browser.driver.manage().getCookieNamed("zk_session") != null, "signed in for next=" + next);
            });
        }
    }
}
