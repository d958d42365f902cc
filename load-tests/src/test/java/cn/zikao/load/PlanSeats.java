package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** The public reads before logging in: the exam plan, then the seats left in three areas, 200–800 ms apart (× think). */
public class PlanSeats extends Simulation {
    static final double RATE = Settings.rate(20);

    static final FeederBuilder<String> AREAS = csv("data/areas.csv").random();

    static final HttpRequestActionBuilder GET_PLAN = http("GET /api/v1/plan#{step}").get("/api/v1/plan")
            .check(status().is(200), jsonPath("$.sittings[0].code").saveAs("sitting"));
    static final HttpRequestActionBuilder GET_SEATS = http("GET seats#{step}").get("/api/v1/plan/#{sitting}/seats")
            .queryParam("area", "#{area}").check(status().is(200), jsonPath("$[0].left").ofInt().gte(0));

    static final ChainBuilder READ_PLAN = group("plan#{step}").on(exec(GET_PLAN)).exitHereIfFailed();
    static final ChainBuilder READ_SEATS = feed(AREAS).group("seats#{step}").on(exec(GET_SEATS)).exec(Settings.think(200, 800));

    static final ScenarioBuilder BROWSE = scenario("browse the plan and the seats left").exec(SessionApi.ARRIVE)
            .exec(READ_PLAN).repeat(3).on(READ_SEATS);

    {
        setUp(BROWSE.injectOpen(LoadShape.CURRENT.injection(RATE))).protocols(Protocols.BROWSER)
                .assertions(LoadShape.CURRENT.assertions());
    }
}
