package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every way a notification can arrive, for orders paid at the simulator: its duplicates, delays and drops
 * ({@code /sim/pay/{no}?duplicates=&delayMs=&drop=}), then, straight at the notify URL, replays of a fresh
 * notification ({@code -Dreplays}), a stale one, a forged one and one of the wrong amount, all signed at that moment
 * by the simulator. A tenth drop the callback and wait for the service's lost-callback sweep to ask the gateway.
 * Every order must end PAID, with exactly one applied payment ({@code check} and run.sh's counts say so).
 */
public class CallbackStorm extends Simulation {
    static final double RATE = Settings.rate(3);
    static final int REPLAYS = Integer.getInteger("replays", 3);

    static final ChainBuilder ORDER_AND_START = group("order and start payment#{step}").on(exec(s -> {
                String[] c = PaymentNotify.COURSES[ThreadLocalRandom.current().nextInt(PaymentNotify.COURSES.length)];
                return s.set("orderBody", Selections.oneCourse(Integer.parseInt(c[0]), c[1]))
                        .set("delayMs", ThreadLocalRandom.current().nextInt(200, 2000));
            })
            .exec(SessionApi.NOTICE_ACK).exitHereIfFailed()
            .exec(SessionApi.PLACE).exitHereIfFailed()
            .exitHereIf(s -> !s.contains("orderId"))
            .exec(SessionApi.PAY_START)).exitHereIfFailed();

    static ChainBuilder simPays(String name, String query) {
        return exec(http("simulator pays, " + name + "#{step}").post(Settings.PAYSIM_URL + "/sim/pay/#{outTradeNo}" + query)
                .check(status().is(200)));
    }

    static final ChainBuilder DIRECT = group("direct notifications#{step}").on(exec(Notify.sample("fresh", "fresh"))
            .repeat(REPLAYS).on(exec(Notify.post("replay of a fresh notification", "fresh", 204)))
            .exec(Notify.sample("stale", "stale")).exec(Notify.post("stale notification", "stale", 401))
            .exec(Notify.sample("forged", "forged")).exec(Notify.post("forged notification", "forged", 401))
            .exec(Notify.sample("wrong-amount", "wrong")).exec(Notify.post("wrong amount", "wrong", 204)));

    static final ChainBuilder GATEWAY = group("gateway#{step}").on(randomSwitch().on(
            percent(30).then(simPays("3 duplicates", "?duplicates=3").exec(DIRECT)),
            percent(25).then(simPays("1 duplicate, delayed", "?duplicates=1&delayMs=#{delayMs}")
                    .exec(DIRECT)),
            percent(25).then(simPays("dropped", "?drop=true").exec(DIRECT)),
            percent(10).then(simPays("once", "").exec(DIRECT)),
            percent(10).then(simPays("dropped, left to the sweep", "?drop=true"))));

    static final ScenarioBuilder STORM = scenario("callback storm").feed(Seeds.sessions()).exec(SessionApi.ARRIVE)
            .exec(ORDER_AND_START).exec(GATEWAY).group("until PAID#{step}").on(exec(SessionApi.untilPaid(45)));

    {
        setUp(STORM.injectOpen(LoadShape.CURRENT.injection(RATE))).protocols(Protocols.BROWSER)
                .assertions(LoadShape.CURRENT.assertions());
    }
}
