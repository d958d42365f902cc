package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * The order benchmark: order create + cancel cycles at {@code -Dusers} concurrent candidates (closed model, sessions
 * from sessions.csv, notice acknowledged first), side by side with the machine's ceilings served by
 * {@code load-tests/baseline} ({@code -DbaselineUrl}): one durable PostgreSQL insert, one Redis round trip (against the
 * seats read). After a warm-up ({@code -DwarmUpSeconds}) the phases run one after the other, so they do not share
 * the CPU; the shape's duration is split evenly between them ({@code -DpaceMs} paces each loop). With
 * {@code -DbigSeats} (the seats of slot 1 in the area of {@code big/sessions.csv}), the same cycles run again on
 * that large area-slot right after the first, under names starting {@code "big: "}, so that the cost of an order
 * at a large capacity is compared with a small one within one run.
 */
public class Orders extends Simulation {
    static final String BASELINE = System.getProperty("baselineUrl", "http://127.0.0.1:8091");
    static final int USERS = Integer.getInteger("users", 64);
    static final long BIG_SEATS = Long.getLong("bigSeats", 0);
    static final Duration PHASE = LoadShape.CURRENT.duration().dividedBy(BIG_SEATS > 0 ? 5 : 4);
    static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("warmUpSeconds", 30));
    static final String ORDER_BODY = Selections.oneCourse(1, "03706");
    static final Duration PACE = Duration.ofMillis(Settings.PACE_MS);

    static ChainBuilder insert(String prefix) {
        return exec(http(prefix + "baseline insert").post(BASELINE + "/insert").check(status().is(200)));
    }

    static ChainBuilder redis(String prefix) {
        return exec(http(prefix + "baseline redis").get(BASELINE + "/redis").check(status().is(200)));
    }

    static ChainBuilder cycle(String prefix) {
        return exec(http(prefix + "order create").post(Journey.SITTING_PATH + "/orders").header("Authorization", SessionApi.BEARER)
                        .body(StringBody(ORDER_BODY)).asJson()
                        .check(status().is(201), jmesPath("orderId").saveAs("orderId")))
                .exec(http(prefix + "order cancel").delete("/api/v1/orders/#{orderId}").header("Authorization", SessionApi.BEARER)
                        .check(status().is(204)));
    }

    static ChainBuilder seats(String prefix) {
        return exec(http(prefix + "seats").get("/api/v1/plan/" + Settings.SITTING + "/seats?area=0100").check(status().is(200)));
    }

    static final ChainBuilder CANDIDATE = exec(s -> s.set("step", "")).exec(SessionApi.NOTICE_ACK);

    /** JIT, pools and first use of both servers, under other request names, kept out of the measured phases. */
    static final ScenarioBuilder WARM = scenario("warm-up").feed(Seeds.sessions()).exec(CANDIDATE).during(WARM_UP, false)
            .on(exec(insert("warm-up ")).exec(cycle("warm-up ")).exec(redis("warm-up ")).exec(seats("warm-up ")));
    static final ScenarioBuilder CEILING = scenario("ceiling: durable insert").during(PHASE, false).on(paced(insert("")));
    static final ScenarioBuilder ORDERS = scenario("orders: create + cancel").feed(Seeds.sessions()).exec(CANDIDATE)
            .during(PHASE, false).on(paced(cycle("")));
    static final ScenarioBuilder ORDERS_BIG = BIG_SEATS <= 0 ? null
            : scenario("orders at " + BIG_SEATS + " seats: create + cancel")
                    .feed(Seeds.once(Seeds.records("big/sessions.csv"), "big/sessions.csv")).exec(CANDIDATE)
                    .during(PHASE, false).on(paced(cycle("big: ")));
    static final ScenarioBuilder REDIS_CEILING = scenario("ceiling: Redis round trip").during(PHASE, false).on(paced(redis("")));
    static final ScenarioBuilder SEATS_READ = scenario("seats").during(PHASE, false).on(paced(seats("")));

    static ChainBuilder paced(ChainBuilder loop) {
        return PACE.isZero() ? loop : exec(pace(PACE)).exec(loop);
    }

    {
        var orders = WARM.injectOpen(atOnceUsers(USERS))
                .andThen(CEILING.injectOpen(atOnceUsers(USERS)))
                .andThen(ORDERS.injectOpen(atOnceUsers(USERS)));
        if (BIG_SEATS > 0) {
            orders = orders.andThen(ORDERS_BIG.injectOpen(atOnceUsers(USERS)));
        }
        setUp(orders
                .andThen(REDIS_CEILING.injectOpen(atOnceUsers(USERS)))
                .andThen(SEATS_READ.injectOpen(atOnceUsers(USERS))))
                .protocols(Protocols.BROWSER)
                .assertions(forAll().failedRequests().count().is(0L),
                        details("order create").responseTime().percentile(99).lte(LoadShape.CURRENT.p99Millis()),
                        details("order cancel").responseTime().percentile(99).lte(LoadShape.CURRENT.p99Millis()));
        // (the big area's cycles are compared with these in the report, not asserted: orders-summary.py prints the ratio)
    }
}
