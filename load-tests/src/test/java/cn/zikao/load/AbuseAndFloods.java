package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Abuse beside honest candidates: bad captchas, one phone hammered for codes, many phones from one address, wrong
 * passwords against a few candidates, each stream at {@code -Dflood} × the rate. The service must refuse them as
 * designed (CAPTCHA_INVALID, 429 cooldown or address limit, BAD_CREDENTIALS, or ACCOUNT_LOCKED once a victim's
 * own tries ran out; a guesser without the victim's SMS code never reaches the password hash: checked, so a wrong
 * answer is a KO) while the honest candidates, from addresses of their own, log in as usual: their success
 * rate and p95 are the assertion. Run with the service's own SMS limits (run.sh leaves them as configured).
 */
public class AbuseAndFloods extends Simulation {
    static final double RATE = Settings.rate(1);
    static final double FLOOD = Double.parseDouble(System.getProperty("flood", "3"));
    static final int VICTIMS = 10;
    static final int HONEST_P95 = Integer.getInteger("honestP95", 2000);

    static final List<Map<String, Object>> ALL = Seeds.records("candidates.csv");
    static final List<Map<String, Object>> VICTIM_LIST = ALL.subList(0, VICTIMS);
    static final Map<String, Object> HAMMERED = ALL.get(VICTIMS);

    static final HttpRequestActionBuilder BAD_CAPTCHA = http("sms code, wrong captcha answer").post("/api/v1/sms-codes")
            .body(StringBody("{\"purpose\":\"LOGIN\",\"phone\":\"#{phone}\",\"captchaId\":\"#{captchaId}\",\"captchaAnswer\":\"XXXX\"}"))
            .asJson().check(status().is(400), jmesPath("code").is("CAPTCHA_INVALID"));
    static final HttpRequestActionBuilder UNKNOWN_CAPTCHA = http("sms code, unknown captcha").post("/api/v1/sms-codes")
            .body(StringBody("{\"purpose\":\"LOGIN\",\"phone\":\"#{phone}\",\"captchaId\":\"#{fakeCaptcha}\",\"captchaAnswer\":\"ABCD\"}"))
            .asJson().check(status().is(400), jmesPath("code").is("CAPTCHA_INVALID"));
    static final HttpRequestActionBuilder SMS_ONE_PHONE = http("sms code, the hammered phone").post("/api/v1/sms-codes")
            .body(StringBody("{\"purpose\":\"LOGIN\",\"phone\":\"" + HAMMERED.get("phone")
                    + "\",\"captchaId\":\"#{captchaId}\",\"captchaAnswer\":\"#{captchaAnswer}\"}"))
            .asJson().check(status().in(202, 429));
    static final HttpRequestActionBuilder SMS_MANY_PHONES = http("sms code, many phones from one address").post("/api/v1/sms-codes")
            .body(StringBody("{\"purpose\":\"LOGIN\",\"phone\":\"#{randomPhone}\",\"captchaId\":\"#{captchaId}\",\"captchaAnswer\":\"#{captchaAnswer}\"}"))
            .asJson().check(status().in(202, 429));
    static final HttpRequestActionBuilder WRONG_PASSWORD = http("login, wrong password").post("/api/v1/sessions")
            .body(StringBody("{\"method\":\"ID_PASSWORD\",\"name\":\"#{name}\",\"idNumber\":\"#{idNumber}\",\"password\":\"Wrong2027pw\","
                    + "\"smsCode\":\"000000\",\"captchaId\":\"#{captchaId}\",\"captchaAnswer\":\"#{captchaAnswer}\"}"))
            .asJson().check(status().in(401, 429)).checkIf((r, s) -> r.status().code() == 429).then(jmesPath("code").is("ACCOUNT_LOCKED"));

    static final ScenarioBuilder HONEST = scenario("honest candidates").feed(Seeds.once(new ArrayList<>(ALL.subList(VICTIMS + 1, ALL.size())),
                    "candidates.csv"))
            .exec(Journey.ARRIVE).group("honest").on(exec(Journey.HOME_PAGE).exec(Journey.LOGIN).exec(Journey.PROFILE));
    static final ScenarioBuilder BAD_CAPTCHAS = scenario("bad captchas").exec(SessionApi.ARRIVE).exec(s -> s.set("phone", HAMMERED.get("phone"))
                    .set("fakeCaptcha", UUID.randomUUID().toString()))
            .group("abuse: bad captchas").on(exec(Journey.CAPTCHA).exec(BAD_CAPTCHA).exec(UNKNOWN_CAPTCHA));
    static final ScenarioBuilder ONE_PHONE = scenario("one phone hammered").exec(SessionApi.ARRIVE)
            .group("abuse: one phone").on(exec(Journey.SOLVE_CAPTCHA).exec(SMS_ONE_PHONE));
    static final ScenarioBuilder MANY_PHONES = scenario("many phones from one address").exec(SessionApi.ARRIVE)
            .exec(s -> s.set("randomPhone", "1" + (3 + ThreadLocalRandom.current().nextInt(7))
                    + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000))))
            .group("abuse: many phones").on(exec(Journey.SOLVE_CAPTCHA).exec(SMS_MANY_PHONES));
    static final ScenarioBuilder WRONG_PASSWORDS = scenario("wrong passwords").exec(SessionApi.ARRIVE)
            .exec(s -> s.setAll(VICTIM_LIST.get(ThreadLocalRandom.current().nextInt(VICTIMS))))
            .group("abuse: wrong passwords").on(exec(Journey.SOLVE_CAPTCHA).exec(WRONG_PASSWORD));

    static final List<Assertion> ASSERTIONS = List.of(
            global().failedRequests().count().is(0L),
            details("honest").successfulRequests().percent().is(100.0),
            details("honest").responseTime().percentile(95.0).lt(HONEST_P95));

    {
        LoadShape shape = LoadShape.CURRENT;
        setUp(HONEST.injectOpen(shape.injection(RATE)).protocols(Protocols.MANY_ADDRESSES),
                BAD_CAPTCHAS.injectOpen(shape.injection(RATE * FLOOD)).protocols(Protocols.from("127.0.0.1")),
                ONE_PHONE.injectOpen(shape.injection(RATE * FLOOD)).protocols(Protocols.from("127.0.0.3")),
                MANY_PHONES.injectOpen(shape.injection(RATE * FLOOD)).protocols(Protocols.from("127.0.0.2")),
                WRONG_PASSWORDS.injectOpen(shape.injection(RATE * FLOOD)).protocols(Protocols.from("127.0.0.4")))
                .assertions(ASSERTIONS);
    }
}
