package cn.zikao.auth;

import cn.zikao.platform.LuaScript;
import cn.zikao.platform.Problem;
import cn.zikao.platform.RedisStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * 5 wrong passwords for one ID number within 15 minutes lock it (429 ACCOUNT_LOCKED) until the oldest of them is 15
 * minutes old. The tries are a sorted set of times from the service clock, keyed by the ID number's HMAC. A password
 * check first takes a try atomically (so parallel guesses cannot all pass a look that comes before their failures):
 * a wrong password keeps it as a failure, a right one gives it back.
 */
final class LoginLockout {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_MS = 15 * 60 * 1000L;
    // KEYS: tries. ARGV: now ms, window ms, max, try id. Adds the try and answers 0, or answers ms until unlocked.
    private static final LuaScript TAKE = LuaScript.of(LoginLockout.class, "lockout-take.lua");

    private final RedisStore redis;
    private final Clock clock;

    /** A try taken; {@link #giveBack} when the password turned out right. A try not given back counts as a failure. */
    record Try(String idHex, String id) {}

    LoginLockout(RedisStore redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** Takes one of the ID number's tries, or fails with 429 ACCOUNT_LOCKED when none is left. */
    Future<Try> take(String idHex) {
        String id = UUID.randomUUID().toString();
        return redis.eval(TAKE, List.of(key(idHex)), List.of(String.valueOf(clock.millis()), String.valueOf(WINDOW_MS),
                String.valueOf(MAX_FAILURES), id)).compose(r -> {
                    long ms = r.toLong();
                    return ms == 0 ? Future.succeededFuture(new Try(idHex, id)) : Future.failedFuture(Problem.tooMany(
                            "ACCOUNT_LOCKED", "problem.account-locked.title", "problem.account-locked.detail",
                            (int) ((ms + 999) / 1000)));
                });
    }

    /** The try was not a wrong password (right password, or the check could not run): it no longer counts. */
    Future<Void> giveBack(Try t) {
        return redis.api().zrem(List.of(key(t.idHex()), t.id())).mapEmpty();
    }

    Future<Void> clear(String idHex) {
        return redis.api().del(List.of(key(idHex))).mapEmpty();
    }

    private static String key(String idHex) {
        return "zk:login-fail:{" + idHex + "}";
    }
}
