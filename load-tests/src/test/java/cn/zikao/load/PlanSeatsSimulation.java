package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.List;

/**
 * The public reads a candidate makes before logging in: the exam plan, then the seats left in a few areas.
 * {@code mvn gatling:test -Dgatling.simulationClass=cn.zikao.load.PlanSeatsSimulation -DbaseUrl=http://localhost:8080 -Dshape=smoke}
 */
public class PlanSeatsSimulation extends Simulation {
    static final LoadShape SHAPE = LoadShape.current();

    static final FeederBuilder<String> AREAS = csv("data/areas.csv").random();

    static final HttpRequestActionBuilder GET_PLAN = http("GET /api/v1/plan").get("/api/v1/plan")
            .check(status().is(200), jsonPath("$.sittings[0].code").saveAs("sitting"));

    static final HttpRequestActionBuilder GET_SEATS = http("GET /api/v1/plan/{sitting}/seats").get("/api/v1/plan/#{sitting}/seats")
            .queryParam("area", "#{area}")
            .check(status().is(200), jsonPath("$[0].left").ofInt().gte(0));

    static final ChainBuilder READ_PLAN = exec(GET_PLAN);

    static final ChainBuilder READ_SEATS = feed(AREAS).exec(GET_SEATS).exec(pause(Duration.ofMillis(200), Duration.ofMillis(800)));

    static final ScenarioBuilder BROWSE = scenario("Browse the plan and the seats left")
            .exec(READ_PLAN)
            .repeat(3).on(READ_SEATS);

    static final List<Assertion> ASSERTIONS = List.of(
            global().failedRequests().count().is(0L),
            global().responseTime().percentile(99.0).lt(SHAPE.p99Millis()),
            global().successfulRequests().percent().is(100.0));

    {
        setUp(BROWSE.injectOpen(SHAPE.injection())).protocols(Protocols.JSON_API).assertions(ASSERTIONS);
    }
}
