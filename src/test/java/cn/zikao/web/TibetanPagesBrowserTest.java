package cn.zikao.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pages in Tibetan: chosen by ?lang=bo, remembered from page to page, switched back by the 中文 link. */
class TibetanPagesBrowserTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();

    @Test
    @DisplayName("?lang=bo shows 考生登录 in Tibetan with <html lang=bo>; the next page stays Tibetan; 中文 switches back")
    void tibetanIsChosenRememberedAndSwitchedBack() {
        try (Chromium browser = new Chromium()) {
            String base = app.api().base();
            browser.open(base + "/login.html?lang=bo");
            browser.waitText("h1", "རྒྱུགས་ལེན་པ་ནང་འཛུལ།");
            assertEquals("bo", browser.js("return document.documentElement.lang"));
            assertTrue(browser.textOf(".site-nav").contains("ནང་འཛུལ།"), browser.textOf(".site-nav"));
            assertTrue(((String) browser.js("return document.title")).startsWith("རྒྱུགས་ལེན་པ་ནང་འཛུལ། - "));
            browser.shot("bo-01-login", "bo");
            browser.open(base + "/");
            browser.waitText(".site-title", "བོད་རང་སྐྱོང་ལྗོངས་ཀྱི་མཐོ་རིམ་སློབ་གསོའི་རང་སློབ་རྒྱུགས་ལེན།");
            assertEquals("bo", browser.js("return document.documentElement.lang"));
            browser.shot("bo-02-home", "bo");
            browser.click(".lang-switch a[hreflang='zh-CN']");
            browser.waitText(".site-title", "西藏自治区高等教育自学考试");
            assertEquals("zh-CN", browser.js("return document.documentElement.lang"));
            browser.open(base + "/login.html");
            browser.waitText("h1", "考生登录");
        }
    }
}
