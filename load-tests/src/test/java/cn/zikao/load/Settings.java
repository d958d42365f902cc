package cn.zikao.load;

import static io.gatling.javaapi.core.CoreDsl.pause;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The system properties every simulation reads, each with one meaning everywhere (README, "Load tests"):
 * where the service, the simulator and the seeded candidates are, think times, the login mix, the opening.
 */
final class Settings {
    static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    static final String PAYSIM_URL = System.getProperty("paysimUrl", "http://127.0.0.1:8090");
    /** What {@code seed-candidates --out DIR --sessions} wrote: candidates.csv and sessions.csv. */
    static final Path SEED_DIR = Path.of(System.getProperty("seedDir", "target/seed"));
    static final String SITTING = System.getProperty("sitting", "271");
    /** Multiplies every think time; 0 runs without them. */
    static final double THINK = Double.parseDouble(System.getProperty("think", "1.0"));
    /** The least time one loop of a closed-model user takes, in ms (0: none). */
    static final long PACE_MS = Long.getLong("paceMs", 0);
    /** The share of logins by ID number + password (argon2id); the rest log in by phone. */
    static final double PASSWORD_LOGINS = Double.parseDouble(System.getProperty("passwordLogins", "0.5"));
    /** The share of candidates who never pay: their orders expire (after the run's hold). */
    static final double ABANDON = Double.parseDouble(System.getProperty("abandon", "0.1"));
    /** When registration opens, epoch seconds (the run's plan file sets it); 0 = open already. */
    static final long OPENS_AT = Long.getLong("opensAt", 0);

    private Settings() {}

    /** The simulation's arrival rate at level 1 of the shape, users/s: {@code -Drate} or the simulation's own. */
    static double rate(double fallback) {
        return Double.parseDouble(System.getProperty("rate", String.valueOf(fallback)));
    }

    /** A think time between {@code minMs} and {@code maxMs}, times {@link #THINK}. */
    static ChainBuilder think(long minMs, long maxMs) {
        return CoreDsl.exec(pause(Duration.ofMillis((long) (minMs * THINK)), Duration.ofMillis((long) (maxMs * THINK))));
    }

    static String seedFile(String name) {
        return SEED_DIR.resolve(name).toAbsolutePath().toString();
    }
}
