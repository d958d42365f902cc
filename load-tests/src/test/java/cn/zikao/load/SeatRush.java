package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;

/**
 * Ten times more candidates than seats ({@code -Dseats}, per slot of one small area {@code -Darea}, both written
 * into the run's plan file) order the same slot at once. Winners cancel and take again ({@code -Dcancels}), pay,
 * or hold; losers try again a few times, to catch the seats that cancels return. Meanwhile the shape's arrivals
 * watch the seat count. It must end with every seat held or paid and everyone else refused SEATS_FULL: the last
 * user checks the count shows 0 left, and run.sh counts the seats in PostgreSQL for the RESULT line. With
 * {@code -DrushSeconds=N} the candidates arrive evenly over N seconds instead of at once, so that a fault injected
 * meanwhile (faults.sh) meets orders, cancels and payments in flight.
 */
public class SeatRush extends Simulation {
    static final int SEATS = Integer.getInteger("seats", 20);
    static final String AREA = System.getProperty("area", "0700");
    static final double RATE = Settings.rate(2);
    static final double CANCELS = Double.parseDouble(System.getProperty("cancels", "0.2")) * 100;
    static final int RETRIES = 3;
    static final int RUSH_SECONDS = Integer.getInteger("rushSeconds", 0);
    static final String ORDER_BODY = Selections.oneCourse(1, System.getProperty("course", "03706"));

    static final HttpRequestActionBuilder SEATS_LEFT = http("GET seats#{step}")
            .get("/api/v1/plan/" + Settings.SITTING + "/seats?area=" + AREA).check(status().is(200));
    static final HttpRequestActionBuilder NONE_LEFT = http("no seat left after the rush")
            .get("/api/v1/plan/" + Settings.SITTING + "/seats?area=" + AREA)
            .check(status().is(200), jmesPath("[?slotNo==`1`].left | [0]").ofInt().is(0));

    static final ChainBuilder TAKE = group("take a seat#{step}").on(exec(SessionApi.PLACE)).exitHereIfFailed();

    static final ChainBuilder CANCEL_AND_TAKE_AGAIN = group("cancel and take again#{step}")
            .on(exec(SessionApi.CANCEL).exitHereIfFailed().exec(s -> s.remove("orderId")).exec(SessionApi.PLACE));

    static final ChainBuilder PAY = group("pay#{step}").on(exec(SessionApi.PAY_START).exitHereIfFailed()
            .exec(Journey.SIM_PAY).exitHereIfFailed().exec(SessionApi.untilPaid(30)));

    static final ChainBuilder WINNER = randomSwitch().on(percent(CANCELS).then(CANCEL_AND_TAKE_AGAIN),
            percent((100 - CANCELS) / 2).then(PAY));

    static final ChainBuilder LOSER = exec(s -> s.set("tries", 0)).asLongAs(s -> !s.contains("orderId") && s.getInt("tries") < RETRIES)
            .on(exec(pause(Duration.ofMillis(500), Duration.ofMillis(2000))).exec(s -> s.set("tries", s.getInt("tries") + 1))
                    .group("take again#{step}").on(exec(SessionApi.PLACE)));

    static final ScenarioBuilder RUSH = scenario("rush for the seats").feed(Seeds.sessions()).exec(SessionApi.ARRIVE)
            .exec(s -> s.set("orderBody", ORDER_BODY))
            .exec(SessionApi.NOTICE_ACK).exitHereIfFailed()
            .exec(TAKE)
            .doIfOrElse(s -> s.contains("orderId")).then(WINNER).orElse(LOSER);

    static final ScenarioBuilder WATCHERS = scenario("watch the seats").exec(SessionApi.ARRIVE)
            .repeat(3).on(exec(SEATS_LEFT).exec(Settings.think(1000, 3000)));

    static final ScenarioBuilder VERIFY = scenario("after the rush").exec(pause(Duration.ofSeconds(1))).exec(NONE_LEFT);

    static OpenInjectionStep rush() {
        return RUSH_SECONDS > 0 ? rampUsers(10 * SEATS).during(Duration.ofSeconds(RUSH_SECONDS)) : atOnceUsers(10 * SEATS);
    }

    {
        setUp(RUSH.injectOpen(rush()).andThen(VERIFY.injectOpen(atOnceUsers(1))),
                WATCHERS.injectOpen(LoadShape.CURRENT.injection(RATE)))
                .protocols(Protocols.BROWSER).assertions(LoadShape.CURRENT.assertions());
    }
}
