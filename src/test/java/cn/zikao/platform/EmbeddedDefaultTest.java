package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.ServiceProcess;
import cn.zikao.testing.TestApp;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The dev profile with no store addresses: embedded PostgreSQL and Redis, data kept, stopped on SIGTERM. */
class EmbeddedDefaultTest {
    private static final Pattern STORES = Pattern.compile(
            "PostgreSQL postgresql://postgres@127\\.0\\.0\\.1:(\\d+)/postgres Redis redis://127\\.0\\.0\\.1:(\\d+)/0");

    record Run(ServiceProcess process, int pgPort, int redisPort) {}

    @Test
    @DisplayName("with no ZIKAO_PG_URI or ZIKAO_REDIS_URI the service starts embedded servers, keeps their data under the data directory and stops them on SIGTERM")
    void embeddedServersKeepDataAndStop() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "embedded-");
        String epoch;
        Run first = start(data);
        try (Connection c = pg(first); Jedis redis = new Jedis("127.0.0.1", first.redisPort())) {
            c.createStatement().execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
            epoch = redis.hget("zk:{271:0100}:meta", "epoch");
            assertNotNull(epoch, "seats primed into the embedded Redis");
        }
        stop(first);

        Run second = start(data);
        try (Connection c = pg(second); ResultSet rs = c.createStatement().executeQuery("SELECT note FROM kept");
             Jedis redis = new Jedis("127.0.0.1", second.redisPort())) {
            assertTrue(rs.next());
            assertEquals("still here", rs.getString(1));
            assertEquals(epoch, redis.hget("zk:{271:0100}:meta", "epoch"), "Redis kept its seats (not primed again)");
        }
        stop(second);
        assertTrue(Files.isDirectory(data.resolve("postgres")) && Files.isDirectory(data.resolve("redis")));
    }

    @Test
    @DisplayName("a SIGTERM while the service is still starting stops the embedded servers too, and exits 0")
    void termDuringStartUp() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "embedded-");
        ServiceProcess p = ServiceProcess.start(Map.of("ZIKAO_PROFILE", "dev", "ZIKAO_HTTP_PORT", String.valueOf(TestApp.freePort()),
                "ZIKAO_PAYSIM_PORT", String.valueOf(TestApp.freePort()), "ZIKAO_DATA_DIR", data.toString()));
        Matcher m = STORES.matcher("");
        for (int i = 0; i < 1200 && !m.find(); i++) {
            assertTrue(p.alive(), () -> "exited: " + p.stderr() + p.stdout());
            Thread.sleep(50);
            m = STORES.matcher(p.stdout());
        }
        assertTrue(m.find(0), p.stdout());
        assertFalse(p.stdout().contains("ready at"), "still starting");
        stop(new Run(p, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    private static Run start(Path data) throws InterruptedException {
        int port = TestApp.freePort();
        ServiceProcess p = ServiceProcess.start(Map.of("ZIKAO_PROFILE", "dev", "ZIKAO_HTTP_PORT", String.valueOf(port),
                "ZIKAO_PAYSIM_PORT", String.valueOf(TestApp.freePort()), "ZIKAO_HTTP_INSTANCES", "2",
                "ZIKAO_DATA_DIR", data.toString()));
        Api api = new Api("http://127.0.0.1:" + port);
        for (int i = 0; i < 1200; i++) {
            assertTrue(p.alive(), () -> "exited: " + p.stderr() + p.stdout());
            try {
                if (api.get("/ready").status() == 200) {
                    Matcher m = STORES.matcher(p.stdout());
                    assertTrue(m.find(), p.stdout());
                    assertTrue(p.stdout().contains("ready at http://localhost:" + port + "/ in "), p.stdout());
                    return new Run(p, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        p.close();
        throw new AssertionError("not ready after 120 s: " + p.stdout());
    }

    private static void stop(Run run) {
        run.process().terminate();
        assertEquals(0, run.process().exitCode(60), run.process().stderr());
        assertClosed(run.pgPort());
        assertClosed(run.redisPort());
    }

    private static void assertClosed(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            throw new AssertionError("port " + port + " still open after the service stopped");
        } catch (IOException expected) {
            // the embedded server is gone
        }
    }

    private static Connection pg(Run run) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + run.pgPort() + "/postgres", "postgres", null);
    }
}
