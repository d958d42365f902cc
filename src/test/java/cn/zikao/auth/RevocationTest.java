package cn.zikao.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** Logouts live in PostgreSQL: Redis losing everything brings no revoked token back, on any instance. */
class RevocationTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();

    @Test
    @DisplayName("a logged-out token stays refused right after Redis loses its data, and Redis is refilled from PostgreSQL")
    void logoutSurvivesRedisLoss() {
        long candidate = candidate();
        String out = issue(candidate);
        String kept = issue(candidate);
        assertEquals(204, app.api().delete("/api/v1/sessions/current", Api.bearer(out)).status());
        assertEquals(401, me(app, out));
        try (UnifiedJedis redis = app.redis()) {
            redis.flushDB();
            assertEquals(401, me(app, out), "refused from PostgreSQL while Redis is empty");
            assertEquals(200, me(app, kept), "an unrevoked token still works");
            String key = "zk:{rv" + Revocations.bucket(candidate) + "}:jti:" + jti(out);
            eventually(() -> redis.exists(key) && redis.exists("zk:{rv0}:loaded") && redis.exists("zk:{rv15}:loaded"),
                    "the revocation and every bucket's marker back in Redis");
            assertTrue(redis.pttl(key) > 0 && redis.pttl(key) <= Duration.ofSeconds(app.config().jwt().ttlSeconds() + 5).toMillis(),
                    "cached until the token would have expired: " + redis.pttl(key));
        }
        assertEquals(401, me(app, out));
        assertEquals(200, me(app, kept));
    }

    @Test
    @DisplayName("a logout on one instance is refused on another, also after Redis lost its data")
    void everyInstance() {
        TestApp other = TestApp.create().env("ZIKAO_PG_URI", app.stores().pgUri()).env("ZIKAO_REDIS_URI", app.stores().redisUri());
        other.beforeAll(null);
        try {
            long candidate = candidate();
            String out = issue(candidate);
            assertEquals(200, me(other, out));
            assertEquals(204, app.api().delete("/api/v1/sessions/current", Api.bearer(out)).status());
            assertEquals(401, me(other, out));
            try (UnifiedJedis redis = app.redis()) {
                redis.flushDB();
            }
            assertEquals(401, me(other, out));
            assertEquals(401, me(app, out));
        } finally {
            other.afterAll(null);
        }
    }

    @Test
    @DisplayName("revocations are pruned from PostgreSQL once the tokens they refuse have expired")
    void pruned() throws Exception {
        long candidate = candidate();
        String out = issue(candidate);
        assertEquals(204, app.api().delete("/api/v1/sessions/current", Api.bearer(out)).status());
        assertEquals(1, count("SELECT count(*) FROM revoked_session WHERE jti = ?", jti(out)));
        Revocations revocations = app.app().auth().revocations();
        revocations.prune().await(10, TimeUnit.SECONDS);
        assertEquals(1, count("SELECT count(*) FROM revoked_session WHERE jti = ?", jti(out)), "still needed");
        app.clock().advance(Duration.ofSeconds(app.config().jwt().ttlSeconds() + 1));
        revocations.prune().await(10, TimeUnit.SECONDS);
        assertEquals(0, count("SELECT count(*) FROM revoked_session WHERE jti = ?", jti(out)));
        assertEquals(401, me(app, out), "expired anyway");
    }

    private static int me(TestApp instance, String token) {
        return instance.api().get("/api/v1/me", Api.bearer(token)).status();
    }

    private static String issue(long candidate) {
        return app.app().auth().sessions().issue(candidate).token();
    }

    static String jti(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return new JsonObject(payload).getString("jti");
    }

    private static long candidate() {
        byte[] key = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO candidate (name, id_number_enc, id_number_hmac, pii_key_id, source)
                VALUES ('测试考生', ?, ?, ?, 'REGISTERED') RETURNING id""")) {
            ps.setBytes(1, app.seal("540102199001010000"));
            ps.setBytes(2, key);
            ps.setString(3, app.piiKeyId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql, Object arg) throws SQLException {
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void eventually(java.util.function.BooleanSupplier check, String what) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (check.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not within 10 s: " + what);
    }
}
