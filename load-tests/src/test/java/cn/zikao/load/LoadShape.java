package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.List;

/**
 * The load shape of a run, {@code -Dshape=smoke|capacity|stress|soak|spike} (default smoke), the same for every
 * simulation: levels are multiples of the simulation's rate ({@code -Drate}, users/s), {@code -Dduration} is the
 * whole injection in seconds (default per shape), {@code -Dp99} the bound in ms the assertions hold.
 */
enum LoadShape {
    /** 10 s ramp to 1×, 1× to the end: does everything work. */
    SMOKE(60, 2000),
    /** Steps 1×, 2× … 6× of equal length with 5 s ramps, each step reported apart (names end in "@step n"). */
    CAPACITY(360, 2000),
    /** A ramp from 1× to 10×: where and how it breaks. */
    STRESS(180, 5000),
    /** 1× for half an hour: leaks, pools, expiry and payments over time. */
    SOAK(1800, 2000),
    /** 1× for 40 %, 10× for 10 %, 1× again: does it recover. */
    SPIKE(120, 5000);

    static final int STEPS = 6;
    static final Duration STEP_RAMP = Duration.ofSeconds(5);
    static final LoadShape CURRENT = valueOf(System.getProperty("shape", "smoke").toUpperCase());
    /** When the shape's injection starts: the simulation's start unless it injects something before the shape. */
    private static volatile long shapeStartsMs = System.currentTimeMillis();

    private final int defaultSeconds;
    private final int defaultP99;

    LoadShape(int defaultSeconds, int defaultP99) {
        this.defaultSeconds = defaultSeconds;
        this.defaultP99 = defaultP99;
    }

    Duration duration() {
        return Duration.ofSeconds(Integer.getInteger("duration", defaultSeconds));
    }

    int p99Millis() {
        return Integer.getInteger("p99", defaultP99);
    }

    /** The arrivals of one scenario whose level 1 is {@code rate} users/s. */
    List<OpenInjectionStep> injection(double rate) {
        Duration d = duration();
        return switch (this) {
            case SMOKE -> List.of(rampUsersPerSec(rate / 10).to(rate).during(Duration.ofSeconds(10)),
                    constantUsersPerSec(rate).during(d.minusSeconds(10)));
            case CAPACITY -> List.of(incrementUsersPerSec(rate).times(STEPS).eachLevelLasting(stepLength())
                    .separatedByRampsLasting(STEP_RAMP).startingFrom(rate));
            case STRESS -> List.of(rampUsersPerSec(rate).to(10 * rate).during(d));
            case SOAK -> List.of(rampUsersPerSec(rate / 10).to(rate).during(Duration.ofSeconds(30)),
                    constantUsersPerSec(rate).during(d.minusSeconds(30)));
            case SPIKE -> List.of(constantUsersPerSec(rate).during(d.multipliedBy(4).dividedBy(10)),
                    constantUsersPerSec(10 * rate).during(d.dividedBy(10)),
                    constantUsersPerSec(rate).during(d.dividedBy(2)));
        };
    }

    /**
     * The shape's injection starts this long after now (a simulation that injects arrivals before the shape says
     * so, or its first step would take in everything before it).
     */
    static void shapeStartsIn(Duration before) {
        shapeStartsMs = System.currentTimeMillis() + before.toMillis();
    }

    private Duration stepLength() {
        return duration().minus(STEP_RAMP.multipliedBy(STEPS - 1)).dividedBy(STEPS);
    }

    /**
     * What a user arriving now adds to its request and group names: {@code " @step n"} in a capacity run (the step
     * it arrived in), else nothing, so each step's figures stand apart in the report and in stats.json.
     */
    String stepLabel() {
        if (this != CAPACITY) {
            return "";
        }
        long period = stepLength().plus(STEP_RAMP).toMillis();
        return " @step " + Math.max(1, Math.min(STEPS, 1 + (System.currentTimeMillis() - shapeStartsMs) / period));
    }

    /** No failed request (smoke, soak) or few (the overload shapes), and the p99 bound. */
    List<Assertion> assertions() {
        Assertion failures = switch (this) {
            case SMOKE, SOAK -> global().failedRequests().count().is(0L);
            case SPIKE -> global().failedRequests().percent().lt(1.0);
            case CAPACITY, STRESS -> global().failedRequests().percent().lt(10.0);
        };
        return List.of(failures, global().responseTime().percentile(99.0).lt(p99Millis()));
    }
}
