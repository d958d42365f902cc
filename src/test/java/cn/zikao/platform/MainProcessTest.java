package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.ServiceProcess;
import cn.zikao.testing.TestApp;
import cn.zikao.testing.TestStores;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** {@code cn.zikao.Main} as an operator runs it: exit codes, one-line refusals, SIGTERM. */
class MainProcessTest {

    private static void assertRefused(ServiceProcess p, String message) {
        assertEquals(1, p.exitCode(60), p.stdout());
        assertEquals("zikao: " + message + "\n", p.stderr());
    }

    @Test
    @DisplayName("the prod profile without a secret exits 1 with one line naming the secret")
    void prodWithoutSecretExits1() {
        try (ServiceProcess p = ServiceProcess.start(Map.of("ZIKAO_PROFILE", "prod"))) {
            assertRefused(p, "prod profile needs the secret ZIKAO_JWT_SECRET (missing)");
        }
    }

    @Test
    @DisplayName("the prod profile with the SMS outbox exits 1 with one line naming the dev provider")
    void prodWithDevProviderExits1() {
        Map<String, String> env = ConfigLoaderTest.prodEnv();
        env.put("ZIKAO_SMS_PROVIDER", "outbox");
        try (ServiceProcess p = ServiceProcess.start(env)) {
            assertRefused(p, "prod profile refuses the dev SMS outbox provider (set ZIKAO_SMS_PROVIDER=aliyun)");
        }
    }

    @Test
    @DisplayName("the prod profile never falls back to embedded servers: without ZIKAO_PG_URI it exits 1")
    void prodNeedsStores() {
        Map<String, String> env = ConfigLoaderTest.prodEnv();
        env.remove("ZIKAO_PG_URI");
        try (ServiceProcess p = ServiceProcess.start(env)) {
            assertRefused(p, "prod profile needs ZIKAO_PG_URI and ZIKAO_REDIS_URI");
        }
    }

    @Test
    @DisplayName("an unknown command exits 2 and lists the commands")
    void unknownCommand() {
        try (ServiceProcess p = ServiceProcess.start(Map.of(), "serve-me")) {
            assertEquals(2, p.exitCode(60));
            assertTrue(p.stderr().startsWith("unknown command 'serve-me'; commands: serve, check"), p.stderr());
        }
    }

    @Test
    @DisplayName("assign-rooms: 0 with the seed it used, 1 for a sitting the plan does not hold, 2 for a wrong command line")
    void assignRooms() {
        try (TestStores.Lease lease = TestStores.lease()) {
            Postgres.migrate(lease.pgUri());
            try (ServiceProcess p = ServiceProcess.start(env(lease), "assign-rooms", "271", "--seed", "3")) {
                assertEquals(0, p.exitCode(60), p.stderr());
                assertTrue(p.stdout().contains("assign-rooms 271 --seed 3: 0 seat(s) given"), p.stdout());
            }
            try (ServiceProcess p = ServiceProcess.start(env(lease), "assign-rooms", "999")) {
                assertRefused(p, "sitting 999 is not in the exam plan");
            }
            try (ServiceProcess p = ServiceProcess.start(env(lease), "assign-rooms", "271", "--seed")) {
                assertEquals(2, p.exitCode(60));
                assertEquals("usage: assign-rooms SITTING [--seed N]\n", p.stderr());
            }
        }
    }

    @Test
    @DisplayName("a bad exam plan stops start-up with exit 1 and one line naming the field")
    void badPlanExits1() throws Exception {
        Path bad = Files.createDirectories(Path.of("target/test-data")).resolve("plan-negative-seats.yaml");
        Files.writeString(bad, Files.readString(Path.of("config/exam-plan.yaml"))
                .replace("seats: {1: 300, 2: 300, 3: 300, 4: 300}", "seats: {1: 300, 2: -1, 3: 300, 4: 300}"));
        try (TestStores.Lease lease = TestStores.lease(); ServiceProcess p = ServiceProcess.start(env(lease, "ZIKAO_PLAN", bad.toString()))) {
            assertRefused(p, "exam plan: sittings[0].areas[6].seats.2: -1 is negative");
        }
    }

    @Test
    @DisplayName("on SIGTERM the service stops accepting, finishes the request in flight, closes its pools and exits 0")
    void gracefulShutdown() throws Exception {
        try (TestStores.Lease lease = TestStores.lease()) {
            Map<String, String> env = env(lease);
            int port = Integer.parseInt(env.get("ZIKAO_HTTP_PORT"));
            Api api = new Api("http://127.0.0.1:" + port);
            try (ServiceProcess p = ServiceProcess.start(env)) {
                awaitHealthy(api, p);
                try (Jedis j = new Jedis("127.0.0.1", java.net.URI.create(lease.redisUri()).getPort())) {
                    j.select(lease.redisDb());
                    j.flushDB();
                }
                CompletableFuture<Api.Reply> inFlight;
                // The seat count must be primed from PostgreSQL again; the test holds a lock that makes it wait.
                try (Connection c = Postgres.jdbc(lease.pgUri())) {
                    c.setAutoCommit(false);
                    c.createStatement().execute("LOCK TABLE enrollment IN ACCESS EXCLUSIVE MODE");
                    inFlight = api.sendAsync(api.builder("/api/v1/plan/271/seats?area=0100").GET().build());
                    Thread.sleep(500);
                    assertFalse(inFlight.isDone(), "the request waits for the lock");
                    p.terminate();
                    awaitRefused(port);
                    assertTrue(p.alive(), "still finishing the request in flight");
                    assertFalse(inFlight.isDone());
                    c.rollback();
                }
                Api.Reply r = inFlight.get(10, TimeUnit.SECONDS);
                assertEquals(200, r.status(), r.text());
                assertEquals(3000, r.array().getJsonObject(0).getInteger("left"));
                assertEquals(0, p.exitCode(15), p.stderr());
                assertTrue(p.stdout().contains("stopped"), p.stdout());
            }
            assertEquals(0, applicationConnections(lease), "the pool's connections are closed");
        }
    }

    private static Map<String, String> env(TestStores.Lease lease, String... more) {
        Map<String, String> env = new HashMap<>();
        env.put("ZIKAO_PROFILE", "dev");
        env.put("ZIKAO_PG_URI", lease.pgUri());
        env.put("ZIKAO_REDIS_URI", lease.redisUri());
        env.put("ZIKAO_HTTP_PORT", String.valueOf(TestApp.freePort()));
        env.put("ZIKAO_PAYSIM_PORT", String.valueOf(TestApp.freePort()));
        env.put("ZIKAO_HTTP_INSTANCES", "2");
        env.put("ZIKAO_DATA_DIR", "target/test-data");
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static void awaitHealthy(Api api, ServiceProcess p) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            assertTrue(p.alive(), () -> "exited early: " + p.stderr() + p.stdout());
            try {
                if (api.get("/health").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not healthy after 60 s: " + p.stdout());
    }

    /** Waits until a new connection to the port is refused (the server stopped accepting). */
    private static void awaitRefused(int port) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                Thread.sleep(100);
            } catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("port " + port + " still accepts connections 5 s after SIGTERM");
    }

    private static int applicationConnections(TestStores.Lease lease) throws Exception {
        try (Connection c = Postgres.jdbc(lease.pgUri());
             var rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'zikao'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
