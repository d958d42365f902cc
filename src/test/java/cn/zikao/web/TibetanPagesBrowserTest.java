package cn.zikao.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.Onboarding;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pages in Tibetan: chosen by ?lang=bo, remembered from page to page, switched back by the 中文 link; and the
 * candidate's journey walked once in Tibetan, every page free of Chinese words of its own. What stays Chinese is the
 * candidate's data and the plan's (names, address, unit, the sitting, areas, majors, courses and venues), and the
 * switch's 中文.
 */
class TibetanPagesBrowserTest {
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}+");

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "1");
    private final Onboarding on = new Onboarding(app);

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

    @Test
    @DisplayName("in Tibetan a candidate logs in by phone (the SMS in Tibetan), reads the notice, picks a course, pays, "
            + "sees the order, the exam and the 准考证, and no page writes a Chinese word of its own")
    void journeyInTibetan() throws Exception {
        Onboarding.Person p = on.register("扎西次仁");
        Set<String> data = candidateAndPlanData(p);
        Thread.sleep(1100);
        try (Chromium browser = new Chromium()) {
            String base = app.api().base();
            browser.open(base + "/?lang=bo");
            browser.waitText("#sitting-info", "དྲ་ཐོག་མིང་འགོད་དུས་ཚོད");
            tibetanOnly(browser, "bo-10-home", data);

            browser.click(".site-nav a[href='/login.html']");
            browser.click("#tab-PHONE");
            browser.type("#ph-phone", p.phone());
            String forSms = solveCaptcha(browser, null);
            browser.click("#ph-sms-send");
            browser.waitText("#ph-sms-info", "འཕྲིན་ཐུང་ར་སྤྲོད་ཨང་རྟགས་");
            JsonObject sms = app.api().get("/dev/sms?phone=" + p.phone()).array().getJsonObject(0);
            assertEquals("LOGIN", sms.getString("purpose"));
            assertTrue(sms.getString("text").startsWith("【བོད་རང་སྐྱོང་ལྗོངས་སློབ་གསོའི་རྒྱུགས་ལེན་ཁང་།】"), "the code's SMS in Tibetan");
            browser.type("#ph-smsCode", sms.getString("code"));
            solveCaptcha(browser, forSms);
            tibetanOnly(browser, "bo-11-login-phone", data);
            browser.click("#ph-form button[type='submit']");
            browser.waitFor(d -> d.getCurrentUrl().endsWith("/profile.html"));
            browser.waitText("#facts", p.admissionNo());
            assertTrue(browser.textOf("#facts").contains("རྒྱུགས་ཞུགས་ལག་ཁྱེར་ཨང་གྲངས།"), browser.textOf("#facts"));
            tibetanOnly(browser, "bo-12-profile", data);

            browser.click(".site-nav a[href='/enroll.html']");
            browser.waitText("#window", "དྲ་ཐོག་མིང་འགོད་དུས་ཚོད");
            browser.waitFor(d -> (Boolean) browser.js("return [...document.querySelectorAll('[data-plan=orderHold]')]"
                    + ".every(n => n.textContent.startsWith('སྐར་མ་'))"));
            tibetanOnly(browser, "bo-13-enroll-notice", data);
            browser.click("#gate-read");
            browser.click("#gate-next");
            browser.visible("#slots .slot");
            browser.waitText("#slots", "00018");
            assertTrue(browser.textOf("#slots").contains("དུས་རིམ་ 2 པ།"), browser.textOf("#slots"));
            tibetanOnly(browser, "bo-14-enroll-slots", data);
            browser.click("input[name='slot-2'][value='00018']");
            browser.click("#pick-submit");
            browser.visible("#order .order");
            String order = browser.textOf("#order");
            assertTrue(order.contains("མིང་འགོད་གླ།") && order.contains("གླ་མ་སྤྲད་པ") && order.contains("བསྡོམས།"), order);
            String outTradeNo = browser.find("#order .order").getAttribute("data-out-trade-no");
            tibetanOnly(browser, "bo-15-order", data);
            browser.click("#order button.pay");
            browser.visible("#pay-confirm");
            tibetanOnly(browser, "bo-16-pay-confirm", data);
            browser.click("#pay-confirm-ok");
            browser.visible("#pay-qr");
            browser.waitFor(d -> browser.find("#pay-qr-img").getAttribute("src").startsWith("data:image/png;base64,"));
            tibetanOnly(browser, "bo-17-pay-qr", data);
            String paysim = "http://127.0.0.1:" + app.config().payment().simulator().port();
            Api.Reply paid = app.api().send(app.api().builder("").uri(URI.create(paysim + "/sim/pay/" + outTradeNo))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertTrue(paid.status() >= 200 && paid.status() < 300, paid.toString());
            browser.waitText("#pay-status", "གླ་སྤྲོད་ལེགས་འགྲུབ་བྱུང་།");
            tibetanOnly(browser, "bo-18-pay-success", data);
            browser.click("#pay-qr-close");
            browser.waitText("#order", "གླ་སྤྲད་ཟིན་པ");

            browser.click(".site-nav a[href='/orders.html']");
            browser.waitText("#orders", "གླ་སྤྲད་ཟིན་པ");
            tibetanOnly(browser, "bo-19-orders", data);
            browser.click(".site-nav a[href='/exams.html']");
            browser.waitText("#exams", "00018");
            assertTrue(browser.textOf("#exams").contains("སྤྱི་ལོ་2027 ཟླ་4 ཚེས་17 14:30–17:00"), browser.textOf("#exams"));
            tibetanOnly(browser, "bo-20-exams", data);

            browser.click(".site-nav a[href='/ticket.html']");
            browser.waitText("#ticket-window", "སྤྱི་ལོ་2027 ཟླ་4 ཚེས་7 09:00 ནས་པར་འདེབས་ཀྱི་སྒོ་འབྱེད།");
            browser.click("#ticket-download");
            browser.waitText("#ticket-alert", "རྒྱུགས་ཞུགས་ལག་ཁྱེར་པར་འདེབས་ད་དུང་སྒོ་མ་ཕྱེ།");
            tibetanOnly(browser, "bo-21-ticket-not-yet", data);
            app.clock().setNow(Instant.parse("2027-04-08T02:00:00Z"));
            assertEquals(1, app.app().enrollment().assignRooms("271", 1).await(30, TimeUnit.SECONDS).placed());
            // a week later the login has run out: a new one, as a candidate would log in again
            browser.driver.manage().addCookie(new org.openqa.selenium.Cookie("zk_session",
                    app.app().auth().sessions().issue(p.candidateId()).token(), "/"));
            browser.open(base + "/ticket.html");
            browser.waitText("#ticket-window", "ནས་པར་འདེབས་ཀྱི་སྒོ་འབྱེད།");
            browser.click("#ticket-download");
            browser.waitText("#ticket-alert", "རྒྱུགས་ཞུགས་ལག་ཁྱེར་བཟོས་ཟིན།");
            tibetanOnly(browser, "bo-22-ticket", data);
        }
        // the page's blob stays inside the page: the same Tibetan ticket again, its page saved as an image
        Api.Reply ticket = app.api().get("/api/v1/sittings/271/admission-ticket", "Authorization",
                "Bearer " + app.app().auth().sessions().issue(p.candidateId()).token(), "Accept-Language", "bo");
        assertEquals(200, ticket.status(), ticket.text());
        try (var doc = org.apache.pdfbox.Loader.loadPDF(ticket.raw())) {
            assertTrue(new org.apache.pdfbox.text.PDFTextStripper().getText(doc).contains("རྒྱུགས་ཞུགས་ལག་ཁྱེར།"));
            javax.imageio.ImageIO.write(new org.apache.pdfbox.rendering.PDFRenderer(doc).renderImageWithDPI(0, 110),
                    "png", Chromium.SHOTS.resolve("bo-23-admission-ticket.png").toFile());
        }
    }

    /** Checks the page like every screenshot does, in Tibetan, and that its Chinese words are all candidate or plan data. */
    private static void tibetanOnly(Chromium browser, String shot, Set<String> data) {
        browser.shot(shot, "bo");
        String text = (String) browser.js("return document.body.innerText");
        for (String d : data) {
            text = text.replace(d, "");
        }
        Matcher m = HAN.matcher(text);
        List<String> own = m.results().map(r -> r.group()).distinct().toList();
        assertEquals(List.of(), own, shot + " writes Chinese of its own: " + text);
    }

    /** What stays Chinese on a Tibetan page: the candidate's record and every name in the public plan, longest first. */
    private static Set<String> candidateAndPlanData(Onboarding.Person p) {
        Set<String> out = new TreeSet<>(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        out.add(p.name());
        out.add("中文"); // the language switch names Chinese in Chinese
        Onboarding.registrationFields(p.name(), p.idNumber(), p.phone()).forEach((k, v) -> {
            if (List.of("unit", "province", "city", "county").contains(k)) {
                out.add(v);
            }
        });
        collect(app.api().get("/api/v1/plan").json(), out);
        return out;
    }

    private static void collect(Object json, Set<String> out) {
        if (json instanceof JsonObject o) {
            o.forEach(e -> collect(e.getValue(), out));
        } else if (json instanceof JsonArray a) {
            a.forEach(v -> collect(v, out));
        } else if (json instanceof String s && HAN.matcher(s).find()) {
            out.add(s);
        }
    }

    /** Waits for a captcha other than {@code used}, types its answer (read from the dev endpoint) and answers its id. */
    private static String solveCaptcha(Chromium browser, String used) {
        String[] id = new String[1];
        browser.waitFor(d -> {
            id[0] = browser.find("#ph-captcha-img").getAttribute("data-captcha-id");
            return id[0] != null && !id[0].equals(used);
        });
        Api.Reply r = app.api().get("/dev/captchas/" + id[0]);
        assertEquals(200, r.status(), r.toString());
        browser.type("#ph-captchaAnswer", r.json().getString("answer"));
        return id[0];
    }
}
