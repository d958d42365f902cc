package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.CookieKey;
import static io.gatling.javaapi.http.HttpDsl.getCookieValue;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The candidate's journey as the pages make it, in business steps (one group each): home page, login (captcha, SMS
 * code, ID number + password or phone), me, notice, selection, order, payment (the simulator pays, the page polls
 * every 2 s until PAID) and 考试查询. Pages send the {@code zk_session} cookie and echo {@code zk_csrf} in
 * {@code X-CSRF-Token}. Names end in {@code#{step}} (see {@link LoadShape#stepLabel()}).
 */
final class Journey {
    static final String SITTING_PATH = "/api/v1/sittings/" + Settings.SITTING;
    static final int MAX_POLLS = 30;

    static final HttpRequestActionBuilder HOME = http("GET /#{step}").get("/").check(status().is(200))
            .resources(http("GET /assets/ui.js#{step}").get("/assets/ui.js"), http("GET /assets/plan.js#{step}").get("/assets/plan.js"),
                    http("GET /assets/api.js#{step}").get("/assets/api.js"), http("GET /api/v1/plan#{step}").get("/api/v1/plan"));
    static final HttpRequestActionBuilder LOGIN_PAGE = http("GET /login.html#{step}").get("/login.html").check(status().is(200));
    static final HttpRequestActionBuilder CAPTCHA = http("POST /api/v1/captchas#{step}").post("/api/v1/captchas")
            .body(StringBody("{}")).asJson().check(status().is(201), jmesPath("captchaId").saveAs("captchaId"));
    static final HttpRequestActionBuilder CAPTCHA_ANSWER = http("GET /dev/captchas/{id}#{step}").get("/dev/captchas/#{captchaId}")
            .check(status().is(200), jmesPath("answer").saveAs("captchaAnswer"));
    static final HttpRequestActionBuilder SMS_TO_PHONE = http("POST /api/v1/sms-codes (phone)#{step}").post("/api/v1/sms-codes")
            .body(StringBody("{\"purpose\":\"LOGIN\",\"phone\":\"#{phone}\",\"captchaId\":\"#{captchaId}\",\"captchaAnswer\":\"#{captchaAnswer}\"}"))
            .asJson().check(status().is(202));
    static final HttpRequestActionBuilder SMS_TO_PERSON = http("POST /api/v1/sms-codes (person)#{step}").post("/api/v1/sms-codes")
            .body(StringBody("{\"purpose\":\"LOGIN\",\"name\":\"#{name}\",\"idNumber\":\"#{idNumber}\",\"captchaId\":\"#{captchaId}\","
                    + "\"captchaAnswer\":\"#{captchaAnswer}\"}"))
            .asJson().check(status().is(202));
    static final HttpRequestActionBuilder SMS_READ = http("GET /dev/sms#{step}").get("/dev/sms?phone=#{phone}")
            .check(status().is(200), jmesPath("[?purpose=='LOGIN'] | [0].code").saveAs("smsCode"));
    static final HttpRequestActionBuilder LOGIN_BY_PASSWORD = http("POST /api/v1/sessions (ID_PASSWORD)#{step}").post("/api/v1/sessions")
            .header(SessionApi.TICKET, s -> s.contains("queueTicket") ? s.getString("queueTicket") : "")
            .body(StringBody("{\"method\":\"ID_PASSWORD\",\"name\":\"#{name}\",\"idNumber\":\"#{idNumber}\",\"password\":\"#{password}\","
                    + "\"smsCode\":\"#{smsCode}\",\"captchaId\":\"#{captchaId}\",\"captchaAnswer\":\"#{captchaAnswer}\"}"))
            .asJson().check(busy()).check(status().is(200));
    static final HttpRequestActionBuilder LOGIN_BY_PHONE = http("POST /api/v1/sessions (PHONE)#{step}").post("/api/v1/sessions")
            .body(StringBody("{\"method\":\"PHONE\",\"phone\":\"#{phone}\",\"smsCode\":\"#{smsCode}\",\"captchaId\":\"#{captchaId}\","
                    + "\"captchaAnswer\":\"#{captchaAnswer}\"}"))
            .asJson().check(status().is(200));
    static final HttpRequestActionBuilder ME = http("GET /api/v1/me#{step}").get("/api/v1/me").check(status().is(200));
    static final HttpRequestActionBuilder NOTICE_ACK = http("POST notice-ack#{step}").post(SITTING_PATH + "/notice-ack")
            .header("X-CSRF-Token", "#{csrf}").check(status().is(204));
    static final HttpRequestActionBuilder SELECTION = http("GET selection#{step}").get(SITTING_PATH + "/selection")
            .check(status().is(200), bodyString().saveAs("selection"));
    static final HttpRequestActionBuilder ORDER = http("POST orders#{step}").post(SITTING_PATH + "/orders")
            .header("X-CSRF-Token", "#{csrf}").header(SessionApi.TICKET, s -> s.contains("queueTicket") ? s.getString("queueTicket") : "")
            .body(StringBody("#{orderBody}")).asJson()
            .check(busy()).check(status().in(201, 409))
            .checkIf((r, s) -> r.status().code() == 201).then(jmesPath("orderId").saveAs("orderId"),
                    jmesPath("outTradeNo").saveAs("outTradeNo"))
            .checkIf((r, s) -> r.status().code() == 409).then(jmesPath("code").is("SEATS_FULL"));
    static final HttpRequestActionBuilder PAY_START = http("POST payments#{step}").post("/api/v1/orders/#{orderId}/payments")
            .header("X-CSRF-Token", "#{csrf}").body(StringBody("{\"provider\":\"wechat\"}")).asJson()
            .check(status().is(201), jmesPath("codeUrl").exists());
    static final HttpRequestActionBuilder SIM_PAY = http("simulator pays#{step}").post(Settings.PAYSIM_URL + "/sim/pay/#{outTradeNo}")
            .check(status().is(200));
    static final HttpRequestActionBuilder ORDER_STATUS = http("GET order#{step}").get("/api/v1/orders/#{orderId}")
            .check(status().is(200), jmesPath("status").saveAs("status"));
    static final HttpRequestActionBuilder ORDER_PAID = http("order is PAID#{step}").get("/api/v1/orders/#{orderId}")
            .check(status().is(200), jmesPath("status").is("PAID"));
    static final HttpRequestActionBuilder EXAMS = http("GET /api/v1/exams#{step}").get("/api/v1/exams")
            .check(status().is(200), jmesPath("length(@)").ofInt().gt(0));

    /**
     * Saved from every answer of a request that may be BUSY: its status, and on a 503 its Retry-After and place in
     * line. These checks come first and always hold, so they are saved when the status check after them fails.
     */
    private static io.gatling.javaapi.core.CheckBuilder[] busy() {
        return new io.gatling.javaapi.core.CheckBuilder[] {status().saveAs("lastStatus"),
            header("Retry-After").optional().saveAs("retryAfter"), header(SessionApi.TICKET).optional().saveAs("queueTicket")};
    }

    /**
     * {@code request} as the pages send it: a 503 BUSY (the waiting room is full) is waited out for its Retry-After
     * and sent again with the place in line it gave, up to {@link SessionApi#BUSY_TRIES} times. Every BUSY stays a
     * failed request in the report (the candidate had to wait), but the candidate goes on once served, as a real one
     * does, instead of leaving a place in line that nobody presents again.
     */
    static ChainBuilder waitingOutBusy(HttpRequestActionBuilder request, Integer... served) {
        java.util.Set<Integer> ok = java.util.Set.of(served);
        return exec(s -> s.remove("queueTicket").remove("retryAfter").set("busyTries", 0)).exec(request)
                .asLongAs(s -> s.getInt("lastStatus") == 503 && s.getInt("busyTries") < SessionApi.BUSY_TRIES)
                .on(exec(s -> s.set("busyTries", s.getInt("busyTries") + 1))
                        .pause(s -> Duration.ofSeconds(s.contains("retryAfter") ? Math.max(1, Integer.parseInt(s.getString("retryAfter"))) : 1))
                        .exec(request))
                .exec(s -> s.getInt("busyTries") > 0 && ok.contains(s.getInt("lastStatus")) ? s.markAsSucceeded() : s);
    }

    /** Who this user is: the step it arrived in, how it logs in, whether it will pay. */
    static final ChainBuilder ARRIVE = exec(s -> s.set("step", LoadShape.CURRENT.stepLabel())
            .set("byPassword", ThreadLocalRandom.current().nextDouble() < Settings.PASSWORD_LOGINS)
            .set("abandons", ThreadLocalRandom.current().nextDouble() < Settings.ABANDON));

    static final ChainBuilder SOLVE_CAPTCHA = exec(CAPTCHA).exitHereIfFailed().exec(CAPTCHA_ANSWER).exitHereIfFailed();

    static final ChainBuilder HOME_PAGE = group("home#{step}").on(exec(HOME)).exec(Settings.think(1000, 3000));

    static final ChainBuilder LOGIN = group("login#{step}").on(exec(LOGIN_PAGE).exec(SOLVE_CAPTCHA)
                    .doIfOrElse(s -> s.getBoolean("byPassword")).then(exec(SMS_TO_PERSON)).orElse(exec(SMS_TO_PHONE))
                    .exitHereIfFailed().exec(SMS_READ).exitHereIfFailed()
                    .exec(Settings.think(3000, 8000))
                    .exec(SOLVE_CAPTCHA)
                    .doIfOrElse(s -> s.getBoolean("byPassword")).then(waitingOutBusy(LOGIN_BY_PASSWORD, 200)).orElse(exec(LOGIN_BY_PHONE)))
            .exitHereIfFailed()
            .exec(getCookieValue(CookieKey("zk_csrf").saveAs("csrf")));

    static final ChainBuilder PROFILE = group("me#{step}").on(exec(ME)).exec(Settings.think(1000, 3000));

    static final ChainBuilder NOTICE = group("notice#{step}").on(exec(NOTICE_ACK)).exitHereIfFailed()
            .exec(Settings.think(2000, 6000));

    /** Before the window opens the page is refreshed now and then; when it opens, everyone waiting orders at once. */
    static final ChainBuilder WAIT_FOR_OPENING = asLongAs(s -> System.currentTimeMillis() < Settings.OPENS_AT * 1000)
            .on(group("waiting for the opening").on(exec(SELECTION))
                    .exec(pause(Duration.ofMillis(500), Duration.ofMillis(3000))));

    static final ChainBuilder SELECT = group("selection#{step}").on(exec(SELECTION)).exitHereIfFailed()
            .exec(s -> s.set("orderBody", Selections.order(s.getString("selection"))))
            .exitHereIf(s -> s.getString("orderBody") == null)
            .exec(Settings.think(3000, 10000));

    /** An order, or SEATS_FULL (a refusal the candidate can meet, ending the journey). */
    static final ChainBuilder PLACE_ORDER = group("order#{step}").on(waitingOutBusy(ORDER, 201, 409)).exitHereIfFailed()
            .exitHereIf(s -> !s.contains("orderId"));

    static final ChainBuilder PAY = group("payment#{step}").on(exec(PAY_START).exitHereIfFailed()
            .exec(Settings.think(5000, 15000))
            .exec(SIM_PAY).exitHereIfFailed()
            .exec(s -> s.set("status", "PAYING"))
            .asLongAs(s -> !"PAID".equals(s.getString("status")) && (!s.contains("poll") || s.getInt("poll") < MAX_POLLS), "poll")
            .on(exec(pause(Duration.ofSeconds(2))).exec(ORDER_STATUS)))
            .doIf(s -> !"PAID".equals(s.getString("status"))).then(exec(ORDER_PAID));

    static final ChainBuilder EXAMS_QUERY = group("exams#{step}").on(exec(EXAMS));

    /** From the home page to 考试查询; a candidate who abandons stops after ordering (the order expires). */
    static final ChainBuilder FULL = exec(ARRIVE).group("journey#{step}").on(exec(HOME_PAGE).exec(LOGIN).exec(PROFILE)
            .exec(NOTICE).exec(WAIT_FOR_OPENING).exec(SELECT).exec(PLACE_ORDER)
            .exitHereIf(s -> s.getBoolean("abandons"))
            .exec(PAY).exec(EXAMS_QUERY));

    private Journey() {}
}
