package cn.zikao.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers started from Maven artifacts, for the dev profile on a machine that has
 * neither. Data stays under {@code dataDir} between runs (Redis with an append-only file).
 */
public final class EmbeddedServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);

    private final EmbeddedPostgres postgres;
    private final RedisServer redis;
    private final String pgUri;
    private final String redisUri;

    private EmbeddedServers(EmbeddedPostgres postgres, RedisServer redis, String pgUri, String redisUri) {
        this.postgres = postgres;
        this.redis = redis;
        this.pgUri = pgUri;
        this.redisUri = redisUri;
    }

    /** Starts whichever of the two the configuration leaves without a URI. */
    public static EmbeddedServers start(Path dataDir, boolean needPostgres, boolean needRedis) {
        EmbeddedPostgres pg = null;
        RedisServer rs = null;
        try {
            String pgUri = null;
            String redisUri = null;
            if (needPostgres) {
                Path pgData = Files.createDirectories(dataDir.resolve("postgres"));
                pg = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false)
                        .setPort(freePort()).setPGStartupWait(Duration.ofSeconds(60)).setRegisterShutdownHook(false).start();
                pgUri = "postgresql://postgres@127.0.0.1:" + pg.getPort() + "/postgres";
            }
            if (needRedis) {
                Path redisData = Files.createDirectories(dataDir.resolve("redis")).toAbsolutePath();
                int port = freePort();
                rs = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                        .setting("dir " + redisData).setting("appendonly yes").setting("save \"\"")
                        .onShutdownForceStop(true).build();
                rs.start();
                redisUri = "redis://127.0.0.1:" + port + "/0";
            }
            return new EmbeddedServers(pg, rs, pgUri, redisUri);
        } catch (IOException | RuntimeException e) {
            closeQuietly(pg, rs);
            String cause = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new ConfigException("cannot start the embedded servers under " + dataDir + ": " + cause
                    + ("root".equals(System.getProperty("user.name"))
                    ? " (PostgreSQL may refuse to run as root: run as an ordinary user, or give ZIKAO_PG_URI and ZIKAO_REDIS_URI)"
                    : ""));
        }
    }

    public String pgUri() {
        return pgUri;
    }

    public String redisUri() {
        return redisUri;
    }

    @Override
    public void close() {
        closeQuietly(postgres, redis);
    }

    private static void closeQuietly(EmbeddedPostgres pg, RedisServer rs) {
        try {
            if (rs != null) {
                rs.stop();
            }
        } catch (IOException e) {
            LOG.warn("embedded Redis did not stop cleanly: {}", e.toString());
        }
        try {
            if (pg != null) {
                pg.close();
            }
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
