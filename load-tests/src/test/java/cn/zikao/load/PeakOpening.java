package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The opening of registration: candidates arrive before the window opens ({@code -DopensAt}, set by the run's plan
 * file), log in, read the notice and wait on the selection page; when it opens they order at once, while a burst
 * of arrivals ({@code -Dburst} × rate for 5 s) comes in; then the shape's plateau. Each candidate goes the whole
 * {@link Journey}, to a paid order and 考试查询 (but {@code -Dabandon} of them, whose orders expire).
 */
public class PeakOpening extends Simulation {
    static final double RATE = Settings.rate(1.0);
    static final double BURST = Double.parseDouble(System.getProperty("burst", "5"));
    static final Duration BURST_LENGTH = Duration.ofSeconds(5);
    /** How long before the opening candidates start to arrive, in seconds. */
    static final long PRE_OPENING = Long.getLong("preOpening", 40);

    static final ScenarioBuilder CANDIDATES = scenario("candidates at the opening").feed(Seeds.candidates()).exec(Journey.FULL);

    /** Nobody until {@link #PRE_OPENING} s before the opening, a ramp until it opens, the burst, then the shape. */
    static List<OpenInjectionStep> arrivals() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        long untilOpening = Settings.OPENS_AT - System.currentTimeMillis() / 1000;
        long ramp = Math.min(untilOpening, PRE_OPENING);
        if (untilOpening > ramp) {
            steps.add(nothingFor(Duration.ofSeconds(untilOpening - ramp)));
        }
        if (ramp > 0) {
            steps.add(rampUsersPerSec(RATE / 10).to(RATE).during(Duration.ofSeconds(ramp)));
        }
        steps.add(constantUsersPerSec(BURST * RATE).during(BURST_LENGTH));
        // a capacity run's steps count from the end of the burst: arrivals before it are in step 1
        LoadShape.shapeStartsIn(Duration.ofSeconds(Math.max(0, untilOpening)).plus(BURST_LENGTH));
        steps.addAll(LoadShape.CURRENT.injection(RATE));
        return steps;
    }

    {
        setUp(CANDIDATES.injectOpen(arrivals()).protocols(Protocols.BROWSER)).assertions(LoadShape.CURRENT.assertions());
    }
}
