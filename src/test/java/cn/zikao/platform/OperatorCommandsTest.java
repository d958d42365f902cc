package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.ServiceProcess;
import cn.zikao.testing.TestApp;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code check} and {@code rebuild-redis} as an operator runs them, in the dev profile, on a running service's stores. */
class OperatorCommandsTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();

    private static Map<String, String> env() {
        return Map.of("ZIKAO_PROFILE", "dev", "ZIKAO_PG_URI", app.stores().pgUri(), "ZIKAO_REDIS_URI",
                app.stores().redisUri(), "ZIKAO_DATA_DIR", "target/test-data");
    }

    @Test
    @DisplayName("check on a healthy service's stores exits 0 and says every numbered invariant holds")
    void checkHealthyStores() {
        try (ServiceProcess p = ServiceProcess.start(env(), "check")) {
            assertEquals(0, p.exitCode(120), p.stdout() + p.stderr());
            assertTrue(p.stdout().contains("check: OK, invariants 1, 2, 4 and 6 hold"), p.stdout());
            assertTrue(p.stdout().contains("; invariant 5 holds"), p.stdout());
        }
    }

    @Test
    @DisplayName("rebuild-redis rebuilds the seat guard of every area of the plan and exits 0")
    void rebuildRedis() {
        try (ServiceProcess p = ServiceProcess.start(env(), "rebuild-redis")) {
            assertEquals(0, p.exitCode(120), p.stdout() + p.stderr());
            int areas = app.app().plan().sittings().stream().mapToInt(s -> s.areas().size()).sum();
            assertTrue(p.stdout().contains("rebuild-redis: " + areas + " area(s) rebuilt from PostgreSQL"), p.stdout());
        }
    }
}
