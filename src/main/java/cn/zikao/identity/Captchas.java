package cn.zikao.identity;

import cn.zikao.platform.Problem;
import cn.zikao.platform.RedisStore;
import cn.zikao.platform.WorkClass;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Image captchas: the answer is kept only as a SHA-256 of id and answer, for 120 seconds, and is taken out of
 * Redis by the first check (GETDEL), right or wrong, so an id is good for one try. The dev profile also keeps the
 * clear answer under a separate key for {@code GET /dev/captchas/{id}}; prod never writes it.
 */
public final class Captchas {
    static final int TTL_SECONDS = 120;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final WorkClass drawing;
    private final RedisStore redis;
    private final boolean devAnswers;
    private final SecureRandom random = new SecureRandom();

    public record Issued(String captchaId, byte[] png) {}

    Captchas(WorkClass drawing, RedisStore redis, boolean devAnswers) {
        this.drawing = drawing;
        this.redis = redis;
        this.devAnswers = devAnswers;
    }

    /** A new captcha; when drawing is at capacity 503 BUSY, before anything is stored. */
    public Future<Issued> issue() {
        WorkClass.Permit place = drawing.admit();
        String id = UUID.randomUUID().toString();
        StringBuilder answer = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            answer.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String ttl = String.valueOf(TTL_SECONDS);
        Future<?> stored = redis.api().set(List.of(key(id), digest(id, answer.toString()), "EX", ttl));
        if (devAnswers) {
            stored = stored.compose(v -> redis.api().set(List.of(devKey(id), answer.toString(), "EX", ttl)));
        }
        return stored.compose(v -> place.blocking(() -> CaptchaImage.draw(answer.toString(), random)))
                .onFailure(e -> place.release())
                .map(png -> new Issued(id, png));
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
