package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The gateway's side of a busy hour: each arrival is a candidate (session from sessions.csv) who orders one course
 * and starts a payment; then the gateway notifies, signed at that moment by the simulator. The measured step is
 * group "notify": signature, timestamp window, decryption, checks and the one PostgreSQL transaction before 204.
 */
public class PaymentNotify extends Simulation {
    static final double RATE = Settings.rate(20);
    static final String[][] COURSES = {{"1", "03706"}, {"2", "00018"}, {"3", "00107"}, {"4", "04729"}};

    static final ChainBuilder ORDER_AND_START = group("order and start payment#{step}").on(exec(s -> {
                String[] c = COURSES[ThreadLocalRandom.current().nextInt(COURSES.length)];
                return s.set("orderBody", Selections.oneCourse(Integer.parseInt(c[0]), c[1]));
            })
            .exec(SessionApi.NOTICE_ACK).exitHereIfFailed()
            .exec(SessionApi.PLACE).exitHereIfFailed()
            .exitHereIf(s -> !s.contains("orderId"))
            .exec(SessionApi.PAY_START).exitHereIfFailed()
            .exec(Notify.sample("fresh", "n")).exitHereIfFailed());

    static final ChainBuilder NOTIFY = group("notify#{step}").on(exec(Notify.post("POST /api/v1/payments/wechat/notify", "n", 204)));

    static final ScenarioBuilder GATEWAY = scenario("the gateway notifies payments").feed(Seeds.sessions())
            .exec(SessionApi.ARRIVE).exec(ORDER_AND_START).exec(NOTIFY);

    {
        setUp(GATEWAY.injectOpen(LoadShape.CURRENT.injection(RATE))).protocols(Protocols.BROWSER)
                .assertions(LoadShape.CURRENT.assertions());
    }
}
