package cn.zikao.auth;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.Problem;
import cn.zikao.platform.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Session tokens: JWTs (HS256 by config) with iss, aud, exp and jti. Only the configured algorithm verifies,
 * a token without {@code exp} is refused, and a revoked jti is refused on every instance through Redis.
 */
public final class Sessions {
    private final JWTAuth jwt;
    private final AppConfig.Jwt config;
    private final RedisStore redis;
    private final Clock clock;

    public record Issued(String token, Instant expiresAt, String jti) {}

    public Sessions(Vertx vertx, AppConfig.Jwt config, RedisStore redis, Clock clock) {
        this.config = config;
        this.redis = redis;
        this.clock = clock;
        this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                .setJWTOptions(new JWTOptions().setIssuer(config.issuer()).addAudience(config.audience())
                        .setAlgorithm(config.algorithm()))
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(config.algorithm()).setBuffer(config.secret())));
    }

    public Issued issue(long candidateId) {
        String jti = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Instant exp = now.plusSeconds(config.ttlSeconds());
        // no iat: the library checks it against the system clock, and expiry follows the service clock (tests move it)
        String token = jwt.generateToken(new JsonObject().put("sub", String.valueOf(candidateId)).put("jti", jti)
                        .put("exp", exp.getEpochSecond()),
                new JWTOptions().setAlgorithm(config.algorithm()).setIssuer(config.issuer()).addAudience(config.audience())
                        .setNoTimestamp(true));
        return new Issued(token, exp, jti);
    }

    /** A valid, unexpired, unrevoked token's session; otherwise a 401 UNAUTHENTICATED problem. */
    public Future<Session> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 4096) {
            return Future.failedFuture(Problem.unauthenticated());
        }
        return jwt.authenticate(new TokenCredentials(token))
                .recover(e -> Future.failedFuture(Problem.unauthenticated()))
                .compose(user -> {
                    // the verified claims; the principal alone carries no exp
                    JsonObject p = user.attributes().getJsonObject("accessToken", new JsonObject());
                    Long exp = p.getLong("exp");
                    String jti = p.getString("jti");
                    String sub = p.getString("sub");
                    if (exp == null || jti == null || sub == null || !sub.matches("[0-9]{1,18}")
                            || exp <= clock.instant().getEpochSecond()) {
                        return Future.failedFuture(Problem.unauthenticated());
                    }
                    return redis.api().exists(List.of(revokedKey(jti))).compose(r -> r.toInteger() > 0
                            ? Future.failedFuture(Problem.unauthenticated())
                            : Future.succeededFuture(new Session(Long.parseLong(sub), jti, Instant.ofEpochSecond(exp))));
                });
    }

    /** Kills the token at once on every instance: its jti is denied until it would have expired anyway. */
    public Future<Void> revoke(Session s) {
        long ttl = Math.max(1, s.expiresAt().getEpochSecond() - clock.instant().getEpochSecond() + 5);
        return redis.api().set(List.of(revokedKey(s.jti()), "1", "EX", String.valueOf(ttl))).mapEmpty();
    }

    private static String revokedKey(String jti) {
        return "zk:revoked:" + jti;
    }
}
