package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.RedisProcess;
import cn.zikao.testing.TestApp;
import cn.zikao.testing.TestStores;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Outages of a Redis the test started itself and of the test's own database: quick 503s, then recovery. */
class StoreOutageTest {
    private static final long BOUND_MS = 4000;
    static final RedisProcess redis = RedisProcess.start();

    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_REDIS_URI", redis.uri()).env("ZIKAO_REDIS_COMMAND_TIMEOUT_MS", "500");

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    @DisplayName("while Redis is down, seats and ready answer 503 SERVICE_UNAVAILABLE quickly, the plan still loads, and all recover when it is back")
    void redisOutage() {
        redis.stop();
        try {
            Api.Reply seats = timed(() -> app.api().get("/api/v1/plan/271/seats?area=0100"));
            assertUnavailable(seats);
            Api.Reply ready = timed(() -> app.api().get("/ready"));
            assertEquals(503, ready.status(), ready.text());
            assertEquals("DOWN", ready.json().getString("redis"));
            assertEquals("UP", ready.json().getString("postgres"));
            assertEquals(200, app.api().get("/health").status());
            assertEquals(200, app.api().get("/api/v1/plan").status());
        } finally {
            redis.restart();
        }
        Api.Reply back = eventually(() -> app.api().get("/api/v1/plan/271/seats?area=0100"));
        assertEquals(3000, back.array().getJsonObject(0).getInteger("left"), "seats primed again from PostgreSQL");
        assertEquals(200, eventually(() -> app.api().get("/ready")).status());
    }

    @Test
    @DisplayName("while Redis hangs (connections open, no answers), a request that needs it is 503 SERVICE_UNAVAILABLE after the command timeout (0.5 s here), not the request timeout")
    void redisHangs() {
        assertEquals(200, app.api().get("/api/v1/plan/271/seats?area=0100").status());
        redis.pause();
        try {
            long start = System.nanoTime();
            Api.Reply seats = app.api().get("/api/v1/plan/271/seats?area=0100");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertUnavailable(seats);
            assertTrue(ms >= 400 && ms < 3000, "answered after " + ms + " ms");
        } finally {
            redis.resume();
        }
        assertEquals(200, eventually(() -> app.api().get("/api/v1/plan/271/seats?area=0100")).status());
    }

    @Test
    @DisplayName("while the database refuses connections, ready and a seat count that needs PostgreSQL answer 503 quickly, and recover when it is back")
    void postgresOutage() {
        String db = app.stores().database();
        String admin = app.stores().pgUri().replaceFirst("/" + db + "$", "/postgres");
        TestStores.exec(admin, "ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        try {
            TestStores.exec(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                j.flushDB();
            }
            Api.Reply ready = timed(() -> app.api().get("/ready"));
            assertEquals(503, ready.status(), ready.text());
            assertEquals("DOWN", ready.json().getString("postgres"));
            assertEquals("UP", ready.json().getString("redis"));
            assertUnavailable(timed(() -> app.api().get("/api/v1/plan/271/seats?area=0200")));
        } finally {
            TestStores.exec(admin, "ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
        }
        assertEquals(200, eventually(() -> app.api().get("/ready")).status());
        Api.Reply back = eventually(() -> app.api().get("/api/v1/plan/271/seats?area=0200"));
        assertEquals(1500, back.array().getJsonObject(1).getInteger("left"));
    }

    private static void assertUnavailable(Api.Reply r) {
        assertEquals(503, r.status(), r.text());
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertEquals("SERVICE_UNAVAILABLE", r.code());
        for (String leak : new String[] {"Exception", "SELECT", "127.0.0.1", "redis:", "postgresql:", "\tat "}) {
            assertFalse(r.text().contains(leak), r.text());
        }
    }

    private static Api.Reply timed(Supplier<Api.Reply> call) {
        long t0 = System.nanoTime();
        Api.Reply r = call.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < BOUND_MS, "answered in " + ms + " ms, bound " + BOUND_MS + " ms");
        return r;
    }

    /** The first 200 within 15 s (clients reconnect on their own). */
    private static Api.Reply eventually(Supplier<Api.Reply> call) {
        Api.Reply r = null;
        for (int i = 0; i < 75; i++) {
            r = call.get();
            if (r.status() == 200) {
                return r;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("no recovery within 15 s: " + r);
    }
}
