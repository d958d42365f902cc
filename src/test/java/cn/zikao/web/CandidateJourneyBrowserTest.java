package cn.zikao.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * Headless Chromium walks the candidate's pages against the whole service (dev profile, payment simulator):
 * register, log in, enrol, pay, see the exam; and a wrong SMS code on 证件号登录. Screenshots of every page go
 * to {@code target/screenshots/}. The plan's fees and the order hold time differ from the shipped ones, so a
 * page showing a figure of its own rather than the API's is caught.
 */
class CandidateJourneyBrowserTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_SMS_COOLDOWN_SECONDS", "1").env("ZIKAO_PLAN", otherFeesPlan())
            .env("ZIKAO_ORDER_HOLD_SECONDS", "1200");

    /** The shipped plan with a 45 元 registration fee and 38 元 courses. */
    private static String otherFeesPlan() {
        try {
            Path plan = Files.createTempFile("plan-other-fees", ".yaml");
            Files.writeString(plan, Files.readString(Path.of("config/exam-plan.yaml"))
                    .replaceAll("registrationFeeFen: \\d+", "registrationFeeFen: 4500")
                    .replaceAll("\\bfeeFen: \\d+", "feeFen: 3800"));
            plan.toFile().deleteOnExit();
            return plan.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Chromium browser;
    private String base;

    @BeforeEach
    void openBrowser() {
        browser = new Chromium();
        base = app.api().base();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    @DisplayName("a new candidate registers with photos, logs in by phone, picks a course, pays by QR code and sees it as paid and in 考试查询")
    void wholeJourney() throws Exception {
        String phone = phone();
        String id = idNumber(true);
        JsonObject sitting = app.api().get("/api/v1/plan").json().getJsonArray("sittings").getJsonObject(0);
        Map<String, String> shown = planFacts(sitting);

        browser.open(base + "/");
        browser.waitText("#sitting-info", "网上报名时间");
        showsPlanFacts(shown);
        browser.shot("01-home");
        browser.click(".site-nav a[href='/register.html']");
        browser.visible("#gate-read");
        browser.shot("02-register-notice");
        browser.click("#gate-read");
        browser.click("#gate-next");

        browser.type("#name", "扎西次仁");
        browser.type("#idNumber", id);
        browser.type("#phone", phone);
        solveCaptcha("", null);
        browser.click("#sms-send");
        browser.waitText("#sms-info", "短信验证码已发送至");
        browser.type("#smsCode", smsCode(phone, "REGISTER"));
        browser.type("#password", "Zikao2026ok");
        browser.type("#password2", "Zikao2026ok");
        browser.click("#gender-M");
        browser.choose("#ethnicity", "04");
        browser.choose("#politicalStatus", "13");
        browser.click("#hukou-URBAN");
        browser.choose("#occupation", "学生");
        browser.click("#inSchool-false");
        browser.choose("#education", "高中");
        browser.set("#graduationDate", "2020-07");
        browser.type("#unit", "拉萨中学");
        browser.choose("#city", "拉萨市");
        browser.type("#county", "城关区");
        browser.choose("#candidateType", "普通考生");
        browser.choose("#sittingCode", "271");
        browser.choose("#areaCode", "0100");
        browser.choose("#majorCode", "030301");
        browser.find("#photo").sendKeys(fixture("photo.jpg"));
        browser.find("#idCardFront").sendKeys(fixture("id-front.jpg"));
        browser.find("#idCardBack").sendKeys(fixture("id-back.jpg"));
        browser.click("#consent");
        browser.waitFor(d -> (Boolean) browser.js("return document.getElementById('photo-preview').complete"
                + " && document.getElementById('photo-preview').naturalWidth === 480"));
        browser.shot("03-register-form");
        browser.click("#submit");
        browser.visible("#confirm");
        browser.shot("04-register-confirm");
        assertEquals("confirm", browser.js("const d = document.activeElement.closest('dialog'); return d && d.id;"),
                "focus moves into the dialog");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.waitFor(d -> browser.find("#confirm").getAttribute("open") == null);
        assertEquals("submit", browser.js("return document.activeElement.id"), "Esc closes the dialog and focus returns");
        browser.click("#submit");
        browser.visible("#confirm");
        browser.click("#confirm-ok");
        browser.visible("#done");
        String admissionNo = browser.textOf("#admission-no");
        assertTrue(admissionNo.matches("\\d{8,}"), admissionNo);
        browser.shot("05-register-done");

        browser.click("#done a[href='/login.html']");
        browser.click("#tab-PHONE");
        browser.type("#ph-phone", phone);
        Captcha forSms = solveCaptcha("ph-", null);
        Thread.sleep(1100);
        browser.click("#ph-sms-send");
        browser.waitText("#ph-sms-info", "短信验证码已发送至");
        browser.type("#ph-smsCode", smsCode(phone, "LOGIN"));
        solveCaptcha("ph-", forSms);
        browser.shot("06-login-phone");
        browser.click("#ph-form button[type='submit']");
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/profile.html"));
        browser.waitText("#facts", admissionNo);
        String facts = browser.textOf("#facts");
        assertTrue(facts.contains("扎西次仁") && facts.contains("*") && !facts.contains(id) && !facts.contains(phone), facts);
        browser.shot("07-profile");
        browser.type("#b-unit", "西藏大学");
        browser.click("#basic button[type='submit']");
        browser.waitText("#basic-alert", "基本信息已保存");
        browser.waitText("#facts", "西藏大学");
        browser.find("#photo").sendKeys(fixture("photo.jpg"));
        browser.click("#photo-form button[type='submit']");
        browser.waitText("#photo-alert", "证件照已更换");

        browser.click(".site-nav a[href='/enroll.html']");
        browser.waitText("#window", "网上报名时间");
        showsPlanFacts(shown);
        assertEquals(yuan(sitting.getInteger("registrationFeeFen")),
                browser.js("return document.querySelector('#gate [data-plan=registrationFee]').textContent"), "the plan's fee");
        String notice = (String) browser.js("return document.querySelector('#gate .notice').textContent");
        assertTrue(notice.contains("订单为考生保留座位 " + shown.get("orderHold")), notice);
        browser.shot("08-enroll-notice");
        browser.click("#gate-read");
        browser.click("#gate-next");
        browser.visible("#slots .slot");
        browser.waitText("#slots", "00018 计算机应用基础");
        browser.shot("09-enroll-slots");
        browser.click("input[name='slot-2'][value='00018']");
        browser.click("#pick-submit");
        browser.visible("#order .order");
        String order = browser.textOf("#order");
        String total = yuan(sitting.getInteger("registrationFeeFen") + courseFee(sitting, "00018"));
        assertTrue(order.contains("报名费") && order.contains("计算机应用基础") && order.contains(total) && order.contains("未缴费"), order);
        String outTradeNo = browser.find("#order .order").getAttribute("data-out-trade-no");
        browser.shot("10-order");
        browser.click("#order button.pay");
        browser.visible("#pay-confirm");
        browser.shot("11-pay-confirm");
        browser.click("#pay-confirm-ok");
        browser.visible("#pay-qr");
        browser.waitFor(d -> browser.find("#pay-qr-img").getAttribute("src").startsWith("data:image/png;base64,"));
        browser.shot("12-pay-qr");
        Api.Reply paid = app.api().send(app.api().builder("").uri(java.net.URI.create(paysim() + "/sim/pay/" + outTradeNo))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertTrue(paid.status() >= 200 && paid.status() < 300, paid.toString());
        browser.waitText("#pay-status", "缴费成功");
        browser.shot("13-pay-success");
        browser.click("#pay-qr-close");
        browser.waitText("#order", "已缴费");

        browser.click(".site-nav a[href='/orders.html']");
        browser.waitText("#orders", "已缴费");
        showsPlanFacts(shown);
        assertEquals("PAID", browser.find("#orders .order").getAttribute("data-status"));
        browser.shot("14-orders");
        browser.click(".site-nav a[href='/exams.html']");
        browser.waitText("#exams", "计算机应用基础");
        String exams = browser.textOf("#exams");
        assertTrue(exams.contains("00018") && exams.contains("拉萨考区") && exams.contains("2027年4月17日 14:30–17:00"), exams);
        browser.shot("15-exams");
        browser.click(".site-nav a[href='/ticket.html']");
        browser.waitText("#ticket-window", "2027年4月7日 09:00 起开放打印");
        browser.click("#ticket-download");
        browser.waitText("#ticket-alert", "开放打印");
        browser.shot("15a-ticket-not-yet");
        browser.click(".site-nav a[href='/profile.html']");
        browser.waitText("#facts", admissionNo);
        browser.choose("#e-areaCode", "0200");
        browser.click("#enrollment button[type='submit']");
        browser.visible("#confirm");
        browser.click("#confirm-ok");
        browser.waitFor(d -> !browser.textOf("#enr-alert").isEmpty());
        assertEquals("alert error", browser.find("#enr-alert").getAttribute("class"), "考籍更改 after payment is refused");
        browser.shot("15b-profile-enrollment-refused");

        browser.click(".site-nav a[href='/logout.html']");
        browser.click("#logout");
        browser.visible("#done");
        browser.shot("16-logout");
        browser.open(base + "/orders.html");
        browser.waitFor(d -> d.getCurrentUrl().contains("/login.html?next="));
        printsTicket(admissionNo);
    }

    /** Once tickets open and rooms are assigned, the 准考证 page downloads the PDF; page 1 is saved as a PNG. */
    private void printsTicket(String admissionNo) throws Exception {
        long candidate;
        try (var c = app.jdbc(); var ps = c.prepareStatement("SELECT id FROM candidate WHERE admission_no = ?")) {
            ps.setString(1, admissionNo);
            try (var rs = ps.executeQuery()) {
                rs.next();
                candidate = rs.getLong(1);
            }
        }
        app.clock().setNow(java.time.Instant.parse("2027-04-08T02:00:00Z"));
        assertEquals(1, app.app().enrollment().assignRooms("271", 1).await(30, java.util.concurrent.TimeUnit.SECONDS).placed());
        String token = app.app().auth().sessions().issue(candidate).token();
        browser.driver.manage().addCookie(new org.openqa.selenium.Cookie("zk_session", token, "/"));
        browser.open(base + "/ticket.html");
        browser.waitText("#ticket-window", "开放打印");
        browser.click("#ticket-download");
        browser.waitText("#ticket-alert", "准考证已生成");
        browser.shot("17-ticket-page");
        // the page's blob stays inside the page (its CSP allows no blob: fetch): the same ticket again, for the image
        Api.Reply again = app.api().get("/api/v1/sittings/271/admission-ticket", Api.bearer(token));
        assertEquals(200, again.status());
        byte[] pdf = again.raw();
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            assertTrue(new org.apache.pdfbox.text.PDFTextStripper().getText(doc).contains(admissionNo));
            javax.imageio.ImageIO.write(new org.apache.pdfbox.rendering.PDFRenderer(doc).renderImageWithDPI(0, 110),
                    "png", Chromium.SHOTS.resolve("18-admission-ticket.png").toFile());
        }
    }

    @Test
    @DisplayName("找回密码 from the login page by phone: the new password is set and the old one no longer signs in")
    void forgotPassword() throws Exception {
        String phone = phone();
        String id = idNumber(false);
        registerByApi("次旦", id, phone, "Zikao2026ok");
        browser.open(base + "/login.html");
        browser.click("#forgot-link");
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/forgot.html"));
        browser.type("#phone", phone);
        Captcha forSms = solveCaptcha("", null);
        Thread.sleep(1100);
        browser.click("#sms-send");
        browser.waitText("#sms-info", "短信验证码已发送至");
        browser.type("#smsCode", smsCode(phone, "RESET_PASSWORD"));
        browser.type("#newPassword", "Xizang2027new");
        browser.type("#newPassword2", "Xizang2027new");
        solveCaptcha("", forSms);
        browser.shot("23-forgot-password");
        browser.click("#submit");
        browser.visible("#done");
        browser.shot("24-forgot-password-done");
        assertEquals(200, loginByPassword("次旦", id, phone, "Xizang2027new").status(), "the new password signs in");
        assertEquals("BAD_CREDENTIALS", loginByPassword("次旦", id, phone, "Zikao2026ok").code(), "the old one no longer");
    }

    private Api.Reply loginByPassword(String name, String id, String phone, String password) throws InterruptedException {
        Thread.sleep(1100);
        JsonObject who = new JsonObject().put("name", name).put("idNumber", id);
        Api.Reply sent = app.api().post("/api/v1/sms-codes", captchaBody().mergeIn(who).put("purpose", "LOGIN").encode());
        assertEquals(202, sent.status(), sent.toString());
        return app.api().post("/api/v1/sessions", captchaBody().mergeIn(who).put("method", "ID_PASSWORD").put("password", password)
                .put("smsCode", smsCode(phone, "LOGIN")).encode());
    }

    private JsonObject captchaBody() {
        String captchaId = app.api().post("/api/v1/captchas", "{}").json().getString("captchaId");
        return new JsonObject().put("captchaId", captchaId)
                .put("captchaAnswer", app.api().get("/dev/captchas/" + captchaId).json().getString("answer"));
    }

    @Test
    @DisplayName("证件号登录 with a wrong SMS code shows the one answer for every wrong part (姓名、身份证号、密码或短信验证码) and stays on the login page")
    void wrongSmsCodeOnIdLogin() throws Exception {
        String phone = phone();
        String id = idNumber(false);
        registerByApi("卓玛", id, phone, "Zikao2026ok");
        Thread.sleep(1100);

        browser.open(base + "/login.html");
        browser.find("#tab-ID_PASSWORD").sendKeys(Keys.ARROW_RIGHT);
        browser.waitFor(d -> "true".equals(browser.find("#tab-PHONE").getAttribute("aria-selected")));
        assertEquals("tab-PHONE", browser.js("return document.activeElement.id"), "arrow keys move between the login tabs");
        browser.visible("#ph-phone");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ARROW_LEFT);
        browser.visible("#id-name");
        browser.type("#id-name", "卓玛");
        browser.type("#id-idNumber", id);
        browser.type("#id-password", "Zikao2026ok");
        Captcha forSms = solveCaptcha("id-", null);
        browser.click("#id-sms-send");
        browser.waitText("#id-sms-info", "短信验证码已发送至");
        String real = smsCode(phone, "LOGIN");
        String wrong = real.substring(0, 5) + ((real.charAt(5) - '0' + 1) % 10);
        browser.type("#id-smsCode", wrong);
        solveCaptcha("id-", forSms);
        browser.click("#id-form button[type='submit']");
        // one answer for every wrong part of a password login, so that no answer tells a right password from a wrong one
        browser.waitFor(d -> !browser.textOf("#id-alert").isEmpty());
        String alert = browser.textOf("#id-alert");
        assertTrue(alert.contains("密码或短信验证码不正确"), alert);
        assertTrue(browser.driver.getCurrentUrl().endsWith("/login.html"), browser.driver.getCurrentUrl());
        browser.shot("20-login-id-wrong-sms");
    }

    @Test
    @DisplayName("在籍考生完善资料 for someone the roster does not hold says 系统查无此人 plainly")
    void profileCompletionNotInRoster() {
        String phone = phone();
        browser.open(base + "/complete.html");
        browser.type("#name", "格桑");
        browser.type("#idNumber", idNumber(true));
        browser.type("#phone", phone);
        solveCaptcha("", null);
        browser.click("#sms-send");
        browser.waitText("#sms-info", "短信验证码已发送至");
        browser.type("#smsCode", smsCode(phone, "PROFILE"));
        browser.type("#password", "Zikao2026ok");
        browser.type("#password2", "Zikao2026ok");
        browser.find("#idCardFront").sendKeys(fixture("id-front.jpg"));
        browser.find("#idCardBack").sendKeys(fixture("id-back.jpg"));
        browser.click("#consent");
        browser.shot("21-complete");
        browser.click("#submit");
        browser.visible("#confirm");
        browser.click("#confirm-ok");
        browser.waitText("#form-alert", "系统查无此人");
        assertTrue(browser.find("#done").getAttribute("hidden") != null, "no success page");
        browser.shot("21b-complete-not-in-roster");
    }

    @Test
    @DisplayName("新生注册 checks the ID checksum, phone, password and photo size in the page before anything is sent")
    void registrationChecksBeforeSending() {
        browser.open(base + "/register.html");
        browser.click("#gate-read");
        browser.click("#gate-next");
        String id = idNumber(true);
        browser.type("#name", "次旦");
        browser.type("#idNumber", id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1'));
        browser.type("#phone", "12345678901");
        browser.type("#password", "onlyletters");
        browser.type("#password2", "onlyletters");
        browser.find("#photo").sendKeys(fixture("id-front.jpg"));
        browser.find("#idCardFront").sendKeys(fixture("id-front.jpg"));
        browser.click("#submit");
        browser.waitText("#form-alert", "处需要修改");
        assertEquals("身份证号校验位不正确，请核对后重新输入。", browser.textOf("#idNumber-error"));
        assertEquals("请输入 11 位手机号码。", browser.textOf("#phone-error"));
        assertEquals("密码至少 8 位，须同时包含字母和数字。", browser.textOf("#password-error"));
        assertTrue(browser.textOf("#photo-error").startsWith("证件照须为 480×640 像素"), browser.textOf("#photo-error"));
        assertEquals("", browser.textOf("#idCardFront-error"));
        assertEquals("请选择身份证照片。", browser.textOf("#idCardBack-error"));
        assertEquals(false, browser.find("#confirm").getAttribute("open") != null, "no confirmation while the form has errors");
        browser.shot("22-register-checks");
    }

    private record Captcha(String id, String answer) {}

    /** What the pages' data-plan elements show: the sitting's fees as the API gives them, the configured hold time. */
    private static Map<String, String> planFacts(JsonObject sitting) {
        IntSummaryStatistics fees = courses(sitting).mapToInt(c -> c.getInteger("feeFen")).summaryStatistics();
        String lo = yuan(fees.getMin());
        return Map.of("registrationFee", yuan(sitting.getInteger("registrationFeeFen")),
                "courseFee", fees.getMin() == fees.getMax() ? lo : lo + "–" + yuan(fees.getMax()),
                "orderHold", app.config().orders().holdSeconds() / 60 + " 分钟");
    }

    /** Waits until the page has data-plan elements and every one shows its fact. */
    private void showsPlanFacts(Map<String, String> facts) {
        browser.waitFor(d -> (Boolean) browser.js("const ns = [...document.querySelectorAll('[data-plan]')];"
                + " return ns.length > 0 && ns.every(n => n.textContent === arguments[0][n.dataset.plan]);", facts));
    }

    private static Stream<JsonObject> courses(JsonObject sitting) {
        return sitting.getJsonArray("majors").stream().map(JsonObject.class::cast)
                .flatMap(m -> m.getJsonArray("courses").stream()).map(JsonObject.class::cast);
    }

    private static int courseFee(JsonObject sitting, String code) {
        return courses(sitting).filter(c -> code.equals(c.getString("code"))).findFirst().orElseThrow().getInteger("feeFen");
    }

    private static String yuan(int fen) {
        return String.format("¥%d.%02d", fen / 100, fen % 100);
    }

    /** Waits until the page shows a captcha other than {@code used} and types its answer (read from the dev endpoint). */
    private Captcha solveCaptcha(String prefix, Captcha used) {
        AtomicReference<String> id = new AtomicReference<>();
        browser.waitFor(d -> {
            String now = browser.find("#" + prefix + "captcha-img").getAttribute("data-captcha-id");
            id.set(now);
            return now != null && (used == null || !now.equals(used.id()));
        });
        Api.Reply r = app.api().get("/dev/captchas/" + id.get());
        assertEquals(200, r.status(), r.toString());
        Captcha c = new Captcha(id.get(), r.json().getString("answer"));
        browser.type("#" + prefix + "captchaAnswer", c.answer());
        return c;
    }

    private String smsCode(String phone, String purpose) {
        Api.Reply r = app.api().get("/dev/sms?phone=" + phone);
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(JsonObject.class::cast).filter(m -> purpose.equals(m.getString("purpose")))
                .map(m -> m.getString("code")).filter(c -> c != null).findFirst()
                .orElseThrow(() -> new AssertionError("no " + purpose + " code in " + r.text()));
    }

    private String paysim() {
        return "http://127.0.0.1:" + app.config().payment().simulator().port();
    }

    private void registerByApi(String name, String id, String phone, String password) {
        Api.Reply c = app.api().post("/api/v1/captchas", "{}");
        String captchaId = c.json().getString("captchaId");
        String answer = app.api().get("/dev/captchas/" + captchaId).json().getString("answer");
        Api.Reply sent = app.api().post("/api/v1/sms-codes", new JsonObject().put("purpose", "REGISTER").put("phone", phone)
                .put("captchaId", captchaId).put("captchaAnswer", answer).encode());
        assertEquals(202, sent.status(), sent.toString());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("idNumber", id);
        fields.put("phone", phone);
        fields.put("smsCode", smsCode(phone, "REGISTER"));
        fields.put("password", password);
        fields.put("gender", "F");
        fields.put("ethnicity", "04");
        fields.put("politicalStatus", "03");
        fields.put("hukou", "RURAL");
        fields.put("occupation", "农牧民");
        fields.put("inSchool", "false");
        fields.put("education", "高中");
        fields.put("graduationDate", "2018-07");
        fields.put("unit", "日喀则市第一中学");
        fields.put("province", "西藏自治区");
        fields.put("city", "日喀则市");
        fields.put("county", "桑珠孜区");
        fields.put("candidateType", "普通考生");
        fields.put("sittingCode", "271");
        fields.put("areaCode", "0200");
        fields.put("majorCode", "020203");
        fields.put("consent", "true");
        String boundary = "----zikao" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        fields.forEach((k, v) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k
                + "\"\r\n\r\n" + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
        Map.of("idCardFront", "id-front.jpg", "idCardBack", "id-back.jpg", "photo", "photo.jpg").forEach((k, f) -> {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"; filename=\"" + f
                    + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            try {
                body.writeBytes(Files.readAllBytes(Path.of(fixture(f))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Api.Reply r = app.api().send(app.api().builder("/api/v1/registrations")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        assertEquals(201, r.status(), r.toString());
        assertNotEquals(null, r.json().getString("admissionNo"));
    }

    private static String fixture(String name) {
        try {
            return Path.of(CandidateJourneyBrowserTest.class.getResource("/fixtures/" + name).toURI()).toAbsolutePath().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String phone() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "1" + (3 + r.nextInt(7)) + String.format("%09d", r.nextInt(1_000_000_000));
    }

    /** A GB 11643 number of a Lhasa resident with a valid checksum; odd sequence digit = male. */
    private static String idNumber(boolean male) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        LocalDate born = LocalDate.of(1990 + r.nextInt(15), 1 + r.nextInt(12), 1 + r.nextInt(28));
        int seq = r.nextInt(100) * 10 + (male ? 1 : 0) + 2 * r.nextInt(5);
        String body = "540102" + born.toString().replace("-", "") + String.format("%03d", seq);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * w[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }
}
