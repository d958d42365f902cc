package cn.zikao.testing;

import cn.zikao.platform.EmbeddedServers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import redis.clients.jedis.Jedis;

/**
 * The PostgreSQL and Redis servers of the test run: those named by {@code ZIKAO_TEST_PG_URI} and
 * {@code ZIKAO_TEST_REDIS_URI} when set, else embedded ones started once per JVM. Each test class leases a
 * fresh database and a Redis database index of its own, so classes (and parallel builds) never see each
 * other's data. With {@code ZIKAO_TEST_REDIS_MODE=cluster} the URI lists the seeds of a Redis Cluster that
 * belongs to this test run: a cluster has database 0 only, so classes lease it one at a time and every master
 * is flushed when a lease starts and ends.
 */
public final class TestStores {
    private static String pgBase;
    private static String redisBase;
    private static EmbeddedServers embedded;
    private static final Semaphore CLUSTER = new Semaphore(1);

    private TestStores() {}

    /** A leased database and Redis index. */
    public record Lease(String pgUri, String redisUri, String database, int redisDb, String token) implements AutoCloseable {
        public boolean cluster() {
            return redisUri.contains(",");
        }

        @Override
        public void close() {
            release(this);
        }
    }

    public static synchronized Lease lease() {
        init();
        String db = "zikao_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        exec(pgBase, "CREATE DATABASE " + db);
        String token = UUID.randomUUID().toString();
        if (cluster()) {
            CLUSTER.acquireUninterruptibly();
            flushCluster();
            return new Lease(withDatabase(pgBase, db), redisBase, db, 0, token);
        }
        URI r = URI.create(redisBase);
        try (Jedis j = new Jedis(r.getHost(), r.getPort())) {
            for (int attempt = 0; attempt < 600; attempt++) {
                for (int i = 1; i < 16; i++) {
                    if ("OK".equals(j.set("zikao-test-lease:" + i, token, redis.clients.jedis.params.SetParams.setParams().nx().ex(1800)))) {
                        j.select(i);
                        j.flushDB();
                        return new Lease(withDatabase(pgBase, db), "redis://" + r.getHost() + ":" + r.getPort() + "/" + i, db, i, token);
                    }
                }
                sleep(500);
            }
        }
        throw new IllegalStateException("no free Redis database index for the test");
    }

    static void release(Lease lease) {
        if (lease.cluster()) {
            try {
                flushCluster();
            } finally {
                CLUSTER.release();
            }
            dropDatabase(lease);
            return;
        }
        URI r = URI.create(redisBase);
        try (Jedis j = new Jedis(r.getHost(), r.getPort())) {
            j.select(lease.redisDb());
            j.flushDB();
            j.select(0);
            if (lease.token().equals(j.get("zikao-test-lease:" + lease.redisDb()))) {
                j.del("zikao-test-lease:" + lease.redisDb());
            }
        } catch (RuntimeException ignored) {
            // the test stopped Redis; the lease expires by itself
        }
        dropDatabase(lease);
    }

    private static boolean cluster() {
        return "cluster".equals(System.getenv("ZIKAO_TEST_REDIS_MODE"));
    }

    /** FLUSHALL on every master the seeds list (the cluster is this test run's own). */
    private static void flushCluster() {
        for (String seed : redisBase.split(",")) {
            URI u = URI.create(seed.trim());
            try (Jedis j = new Jedis(u.getHost(), u.getPort())) {
                if (j.info("replication").contains("role:master")) {
                    j.flushAll();
                }
            }
        }
    }

    private static void dropDatabase(Lease lease) {
        try {
            exec(pgBase, "DROP DATABASE IF EXISTS " + lease.database() + " WITH (FORCE)");
        } catch (RuntimeException ignored) {
            // the test stopped PostgreSQL; the database is dropped with the server's data
        }
    }

    private static void init() {
        if (pgBase != null) {
            return;
        }
        String pg = System.getenv("ZIKAO_TEST_PG_URI");
        String redis = System.getenv("ZIKAO_TEST_REDIS_URI");
        if (pg == null || pg.isBlank() || redis == null || redis.isBlank()) {
            try {
                Path dir = Files.createTempDirectory("zikao-test-stores");
                embedded = EmbeddedServers.start(dir, pg == null || pg.isBlank(), redis == null || redis.isBlank());
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        pgBase = pg != null && !pg.isBlank() ? pg : embedded.pgUri();
        redisBase = redis != null && !redis.isBlank() ? redis : embedded.redisUri();
    }

    static String withDatabase(String uri, String db) {
        URI u = URI.create(uri);
        return u.getScheme() + "://" + (u.getUserInfo() == null ? "" : u.getUserInfo() + "@") + u.getHost() + ":"
                + (u.getPort() < 0 ? 5432 : u.getPort()) + "/" + db;
    }

    public static void exec(String uri, String sql) {
        URI u = URI.create(uri);
        String user = u.getUserInfo() == null ? "postgres" : u.getUserInfo().split(":")[0];
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort())
                + u.getPath(), user, u.getUserInfo() != null && u.getUserInfo().contains(":") ? u.getUserInfo().split(":", 2)[1] : null);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
