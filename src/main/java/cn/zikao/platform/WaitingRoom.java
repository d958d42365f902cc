package cn.zikao.platform;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A fair waiting room in front of a class of work (login, 统考报名): when more candidates arrive than it can take,
 * each gets a signed place in line ({@value #TICKET_HEADER}) with the BUSY answer, and a retry that presents it
 * keeps that place. A place is admitted only when fewer live places are ahead of it than there are free places,
 * so nobody gets in ahead of an earlier place that is still waiting. The line is in Redis (every instance shares
 * it); while an instance sees no line, admission costs no Redis call at all.
 */
public final class WaitingRoom {
    public static final String TICKET_HEADER = "X-Zikao-Queue-Ticket";
    /** A place that has not been presented for this long (twice the longest Retry-After) stops counting ahead of others, until it comes back. */
    static final long STALE_MS = 20_000;
    /** The longest wait before a retry is asked for, so the pages keep their place fresh. */
    static final int MAX_RETRY_SECONDS = 10;
    private static final long NUMBER_EPOCH_SECONDS = 1_700_000_000L;
    // KEYS: counter, line (score = number), last seen (score = ms), spent (score = ms until which a place stays spent).
    // ARGV: number (0 = take a new one), free places here, now ms, stale ms, key ttl s, spent until ms, first number.
    // {number, 1 admitted | 0 waiting | -1 spent already, places ahead, places in line}.
    private static final LuaScript ENTER = LuaScript.of(WaitingRoom.class, "queue-enter.lua");

    private final String name;
    private final WorkClass work;
    private final RedisStore redis;
    private final Clock clock;
    private final int ticketTtlSeconds;
    private final SecretKeySpec key;
    private volatile long crowdUntil;

    public WaitingRoom(Platform platform, String name, WorkClass work) {
        this.name = name;
        this.work = work;
        this.redis = platform.redis();
        this.clock = platform.clock();
        this.ticketTtlSeconds = platform.config().work().ticketTtlSeconds();
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(platform.config().jwt().secret().getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"), "zikao-queue-ticket"), "HmacSHA256");
    }

    /** A place in the class of work, or 503 BUSY with the candidate's place in line; {@code ticket} is the header's value or null. */
    public Future<WorkClass.Permit> enter(String ticket) {
        long number = number(ticket);
        WorkClass.Permit permit = work.tryAdmit();
        if (permit != null && number == 0 && clock.millis() >= crowdUntil) {
            return Future.succeededFuture(permit);
        }
        return line(number, permit);
    }

    private Future<WorkClass.Permit> line(long number, WorkClass.Permit permit) {
        long now = clock.millis();
        int free = permit == null ? 0 : 1 + work.free();
        String tag = "zk:queue:{" + name + "}:";
        List<String> keys = List.of(tag + "n", tag + "line", tag + "seen", tag + "spent");
        List<String> args = List.of(String.valueOf(number), String.valueOf(free), String.valueOf(now), String.valueOf(STALE_MS),
                String.valueOf(ticketTtlSeconds + STALE_MS / 1000), String.valueOf(now + ticketTtlSeconds * 1000L),
                String.valueOf((now / 1000 - NUMBER_EPOCH_SECONDS) * 1000));
        return redis.eval(ENTER, keys, args).transform(ar -> {
            if (ar.failed()) {
                release(permit);
                return Future.failedFuture(ar.cause());
            }
            Response r = ar.result();
            long n = r.get(0).toLong();
            int outcome = r.get(1).toInteger();
            int ahead = r.get(2).toInteger();
            crowdUntil = r.get(3).toInteger() > 0 ? now + STALE_MS : 0;
            if (outcome == -1) {
                return line(0, permit); // a place already used gets a new one, at the end
            }
            if (outcome == 1 && permit != null) {
                return Future.succeededFuture(permit);
            }
            release(permit);
            work.refusedInLine();
            int wait = work.waitSeconds(ahead + 1);
            return Future.failedFuture(Busy.inLine(Math.min(wait, MAX_RETRY_SECONDS), sign(n), ahead + 1, wait));
        });
    }

    private static void release(WorkClass.Permit permit) {
        if (permit != null) {
            permit.release();
        }
    }

    /** The number of a valid, unexpired ticket of this room, else 0 (a new place). */
    long number(String ticket) {
        if (ticket == null || ticket.length() > 200) {
            return 0;
        }
        String[] p = ticket.split("\\.");
        if (p.length != 4 || !p[0].equals(name)) {
            return 0;
        }
        try {
            long n = Long.parseLong(p[1]);
            long expires = Long.parseLong(p[2]);
            byte[] given = Base64.getUrlDecoder().decode(p[3]);
            boolean valid = n > 0 && expires * 1000 > clock.millis()
                    && MessageDigest.isEqual(given, mac(name + "." + n + "." + expires));
            return valid ? n : 0;
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** {@code room.number.expiresEpochSeconds.signature}. */
    String sign(long n) {
        long expires = clock.millis() / 1000 + ticketTtlSeconds;
        String body = name + "." + n + "." + expires;
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(body));
    }

    private byte[] mac(String body) {
        return Arrays.copyOf(hmac(key, body), 16);
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
