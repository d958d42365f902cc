package cn.zikao.testing;

import cn.zikao.Application;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import java.util.HashSet;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * The whole service, started once per test class on its own database and Redis index, on a free port, with
 * the dev profile and a {@link TestClock}. Register it with
 * {@code @RegisterExtension static final TestApp app = TestApp.create();}.
 */
public final class TestApp implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> env = new HashMap<>();
    private final TestClock clock = new TestClock();
    private TestStores.Lease lease;
    private Application app;
    private AppConfig config;
    private Api api;

    private TestApp() {
        env.put("ZIKAO_PROFILE", "dev");
        env.put("ZIKAO_HTTP_INSTANCES", "2");
        // a small stock of captchas drawn ahead, so that each app's start does not spend a second drawing the default
        env.put("ZIKAO_CAPTCHA_STOCK", "24");
    }

    public static TestApp create() {
        return new TestApp();
    }

    /**
     * An environment override, as {@code ZIKAO_*} variables would give it. {@code ZIKAO_PG_URI} and
     * {@code ZIKAO_REDIS_URI} given here replace the leased stores (a test that stops its own server).
     */
    public TestApp env(String name, String value) {
        env.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        lease = TestStores.lease();
        start();
    }

    /** Starts (or starts again, after {@link #stop()}) the service on the leased stores. */
    public void start() {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("ZIKAO_PG_URI", lease.pgUri());
        if (!e.containsKey("ZIKAO_REDIS_URI")) {
            e.put("ZIKAO_REDIS_URI", lease.redisUri());
            e.put("ZIKAO_REDIS_MODE", lease.cluster() ? "cluster" : "standalone");
        }
        e.putIfAbsent("ZIKAO_HTTP_PORT", String.valueOf(freePort()));
        e.putIfAbsent("ZIKAO_PAYSIM_PORT", String.valueOf(freePort()));
        e.putIfAbsent("ZIKAO_DATA_DIR", "target/test-data");
        config = new ConfigLoader(e).load(Path.of("config/application.yaml"));
        app = Application.start(config, clock);
        api = new Api("http://127.0.0.1:" + config.http().port());
    }

    public void stop() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
        if (lease != null) {
            lease.close();
        }
    }

    public Api api() {
        return api;
    }

    public TestClock clock() {
        return clock;
    }

    public AppConfig config() {
        return config;
    }

    public Application app() {
        return app;
    }

    /** A value sealed as the service stores personal data (store {@link #piiKeyId()} beside it). */
    public byte[] seal(String clear) {
        return app.platform().pii().encrypt(clear);
    }

    public String piiKeyId() {
        return app.platform().pii().keyId();
    }

    public TestStores.Lease stores() {
        return lease;
    }

    /** A JDBC connection to this class's database, for asserting what PostgreSQL holds. */
    public Connection jdbc() throws SQLException {
        return cn.zikao.platform.Postgres.jdbc(lease.pgUri());
    }

    /** A Redis connection on this class's database index, or to its cluster. */
    public UnifiedJedis redis() {
        if (lease.cluster()) {
            Set<HostAndPort> seeds = new HashSet<>();
            for (String s : lease.redisUri().split(",")) {
                java.net.URI u = java.net.URI.create(s.trim());
                seeds.add(new HostAndPort(u.getHost(), u.getPort()));
            }
            return new JedisCluster(seeds);
        }
        java.net.URI u = java.net.URI.create(lease.redisUri());
        return new JedisPooled(new HostAndPort(u.getHost(), u.getPort()),
                DefaultJedisClientConfig.builder().database(lease.redisDb()).build());
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
