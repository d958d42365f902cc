package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.List;

/**
 * The load shape of a run, chosen with {@code -Dshape=smoke|capacity|stress|soak} (default smoke), and the
 * p99 bound in milliseconds the assertions hold the service to for that shape.
 */
public enum LoadShape {
    /** A few users for half a minute: does every request work, and quickly, on an idle instance. */
    SMOKE(500, List.of(rampUsersPerSec(1).to(20).during(Duration.ofSeconds(10)),
            constantUsersPerSec(20).during(Duration.ofSeconds(20)))),
    /** Steps of rising arrival rate, to find the rate at which p99 leaves its bound. */
    CAPACITY(800, List.of(incrementUsersPerSec(100).times(6).eachLevelLasting(Duration.ofSeconds(30))
            .separatedByRampsLasting(Duration.ofSeconds(10)).startingFrom(100))),
    /** The opening minutes of registration: a steep climb far past capacity. */
    STRESS(2000, List.of(rampUsersPerSec(10).to(2000).during(Duration.ofMinutes(2)))),
    /** A steady, moderate rate for half an hour: leaks, pool exhaustion, drift. */
    SOAK(800, List.of(constantUsersPerSec(100).during(Duration.ofMinutes(30))));

    private final int p99Millis;
    private final List<OpenInjectionStep> steps;

    LoadShape(int p99Millis, List<OpenInjectionStep> steps) {
        this.p99Millis = p99Millis;
        this.steps = steps;
    }

    public static LoadShape current() {
        return valueOf(System.getProperty("shape", "smoke").toUpperCase());
    }

    public List<OpenInjectionStep> injection() {
        return steps;
    }

    public int p99Millis() {
        return p99Millis;
    }
}
