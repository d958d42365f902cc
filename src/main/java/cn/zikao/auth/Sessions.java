package cn.zikao.auth;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session tokens: JWTs (HS256 by config) with iss, aud, exp, jti and the issue time in ms ({@code zk_iat}). Only
 * the configured algorithm verifies, a token without {@code exp} is refused, and a revoked token is refused on
 * every instance ({@link Revocations}).
 */
public final class Sessions {
    private final JWTAuth jwt;
    private final AppConfig.Jwt config;
    private final Revocations revocations;
    private final Clock clock;
    private final byte[] csrfKey;

    private static final String ISSUED_MS = "zk_iat";

    public record Issued(String token, Instant expiresAt, String jti) {}

    Sessions(Vertx vertx, AppConfig.Jwt config, Revocations revocations, Clock clock) {
        this.config = config;
        this.revocations = revocations;
        this.clock = clock;
        this.csrfKey = csrfKey(config.secret());
        this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                .setJWTOptions(new JWTOptions().setIssuer(config.issuer()).addAudience(config.audience())
                        .setAlgorithm(config.algorithm()))
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(config.algorithm()).setBuffer(config.secret())));
    }

    public Issued issue(long candidateId) {
        String jti = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Instant exp = now.plusSeconds(config.ttlSeconds());
        // no iat: the library checks it against the system clock, and expiry follows the service clock (tests move it);
        // zk_iat in ms orders a token against a password reset of the same second
        String token = jwt.generateToken(new JsonObject().put("sub", String.valueOf(candidateId)).put("jti", jti)
                        .put("exp", exp.getEpochSecond()).put(ISSUED_MS, now.toEpochMilli()),
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
                    long candidateId = Long.parseLong(sub);
                    // a token from before zk_iat counts as issued at 0: any cutoff kills it
                    long issuedMs = p.getLong(ISSUED_MS, 0L);
                    return revocations.dead(candidateId, jti, issuedMs).compose(dead -> dead
                            ? Future.failedFuture(Problem.unauthenticated())
                            : Future.succeededFuture(new Session(candidateId, jti, Instant.ofEpochSecond(exp))));
                });
    }

    /**
     * The CSRF token of a session: an HMAC of its jti, so a token read from another session (the attacker's own) never
     * passes, and nothing has to be stored. Keyed apart from the JWT signature by a key derived from the secret.
     */
    public String csrfToken(String jti) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(csrfKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(jti.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] csrfKey(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("zikao csrf token key".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kills the token at once on every instance: its jti is denied until it would have expired anyway. */
    public Future<Void> revoke(Session s) {
        return revocations.revoke(s.candidateId(), s.jti(), s.expiresAt());
    }
}
