package cn.zikao.identity;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.Busy;
import cn.zikao.platform.LuaScript;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Platform;
import cn.zikao.platform.Problem;
import cn.zikao.platform.RedisStore;
import cn.zikao.platform.WorkClass;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Image captchas: the answer is kept only as a SHA-256 of id and answer, for 120 seconds, and is taken out of
 * Redis by the first check (GETDEL), right or wrong, so an id is good for one try. The dev profile also keeps the
 * clear answer under a separate key for {@code GET /dev/captchas/{id}}; prod never writes it.
 *
 * <p>What a flood can make Redis hold is bounded: each client address may take {@code perIpPerMinute} captchas a
 * minute (429 {@code CAPTCHA_RATE_LIMITED}), all addresses together {@code perMinute} (503 {@code BUSY}), counted in
 * one script before anything is stored; so at most about three minutes' worth of {@code perMinute} captchas are alive.
 *
 * <p>Pictures come from the instance's {@link CaptchaStock}, drawn ahead while drawing is idle, or are drawn when
 * asked once it is empty.
 */
public final class Captchas {
    static final int TTL_SECONDS = 120;
    static final int LENGTH = 6;
    /** No look-alikes: no 0/O/D/Q, 1/I/L/J/T, 2/Z, 5/S, 6/G/b, 8/B, U/V, C. */
    static final String ALPHABET = "AEFHKMNPRWXY3479";
    /** KEYS: this address's count this minute, every address's count this minute; ARGV: their limits, the TTL. */
    private static final LuaScript ISSUE = LuaScript.of(Captchas.class, "captcha-issue.lua");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final WorkClass drawing;
    private final RedisStore redis;
    private final boolean devAnswers;
    private final AppConfig.Captcha limits;
    private final PiiCipher pii;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final CaptchaStock stock;
    private final Counter drawnAsked;

    public record Issued(String captchaId, byte[] png) {}

    Captchas(Platform platform, WorkClass drawing, RedisStore redis, AppConfig.Captcha config, PiiCipher pii, Clock clock) {
        this.drawing = drawing;
        this.drawnAsked = Counter.builder("zikao_captcha_drawn").tag("when", "asked")
                .description("captchas drawn, ahead of time or when asked").register(platform.metrics());
        this.stock = config.stock() > 0 ? new CaptchaStock(platform, drawing, config.stock(), random) : null;
        this.redis = redis;
        this.devAnswers = config.devAnswers();
        this.limits = config;
        this.pii = pii;
        this.clock = clock;
    }

    /**
     * A new captcha for the client at {@code address} ({@link cn.zikao.platform.ClientAddress}); when drawing is at
     * capacity or too many were issued this minute 503 BUSY, when this address took its share 429, before anything is
     * stored.
     */
    public Future<Issued> issue(String address) {
        CaptchaStock.Drawn ahead = stock == null ? null : stock.take();
        WorkClass.Permit place = ahead == null ? drawing.admit() : null;
        String id = UUID.randomUUID().toString();
        String answer = ahead == null ? newAnswer(random) : ahead.answer();
        String ttl = String.valueOf(TTL_SECONDS);
        Instant now = clock.instant();
        String minute = MINUTE.format(now);
        int retryAfter = 60 - (int) (now.getEpochSecond() % 60);
        Future<?> stored = redis.eval(ISSUE, List.of("zk:{captcha}:ip:" + pii.hmacHex("captcha-ip:" + address) + ":" + minute,
                                "zk:{captcha}:all:" + minute),
                        List.of(String.valueOf(limits.perIpPerMinute()), String.valueOf(limits.perMinute()), "120"))
                .<Void>compose(r -> switch (r.toInteger()) {
                    case 0 -> Future.<Void>succeededFuture();
                    case 1 -> Future.<Void>failedFuture(Problem.tooMany("CAPTCHA_RATE_LIMITED",
                            "problem.captcha-rate-limited.title", "problem.captcha-rate-limited.detail", retryAfter));
                    default -> Future.<Void>failedFuture(Busy.retryAfter(retryAfter));
                })
                .compose(v -> redis.api().set(List.of(key(id), digest(id, answer), "EX", ttl)));
        if (devAnswers) {
            stored = stored.compose(v -> redis.api().set(List.of(devKey(id), answer, "EX", ttl)));
        }
        if (ahead != null) {
            // a captcha drawn ahead that was refused here is not handed out again: it is dropped with the answer
            return stored.map(v -> new Issued(id, ahead.png()));
        }
        return stored.compose(v -> place.blocking(() -> {
                    drawnAsked.increment();
                    return CaptchaImage.draw(answer, random);
                }))
                .onFailure(e -> place.release())
                .map(png -> new Issued(id, png));
    }

    /** A new answer of {@link #LENGTH} letters of {@link #ALPHABET}. */
    static String newAnswer(SecureRandom random) {
        StringBuilder answer = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            answer.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return answer.toString();
    }

    /** The captchas drawn ahead on this instance, to be deployed with the module's background work; null when none are. */
    CaptchaStock stock() {
        return stock;
    }

    /** Succeeds once for a right answer given within 120 s; otherwise fails with 400 CAPTCHA_INVALID. */
    public Future<Void> check(String captchaId, String answer) {
        if (captchaId == null || answer == null || !ID.matcher(captchaId).matches() || answer.length() > 16) {
            return Future.failedFuture(invalid());
        }
        return redis.api().getdel(key(captchaId)).compose(stored -> {
            boolean ok = stored != null && MessageDigest.isEqual(
                    stored.toString().getBytes(StandardCharsets.US_ASCII),
                    digest(captchaId, answer.trim().toUpperCase(Locale.ROOT)).getBytes(StandardCharsets.US_ASCII));
            return ok ? Future.<Void>succeededFuture() : Future.failedFuture(invalid());
        });
    }

    /** Dev profile only: the clear answer, or null when unknown or expired. */
    Future<String> devAnswer(String captchaId) {
        if (!devAnswers || captchaId == null || !ID.matcher(captchaId).matches()) {
            return Future.succeededFuture(null);
        }
        return redis.api().get(devKey(captchaId)).map(r -> r == null ? null : r.toString());
    }

    static Problem invalid() {
        return new Problem(400, "CAPTCHA_INVALID", "problem.captcha-invalid.title", "problem.captcha-invalid.detail");
    }

    private static String key(String id) {
        return "zk:captcha:" + id;
    }

    private static String devKey(String id) {
        return "zk:captcha-dev:" + id;
    }

    private static String digest(String id, String answer) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((id + ":" + answer).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
