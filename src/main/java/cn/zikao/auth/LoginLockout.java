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
 * minutes old. The failures are a sorted set of times from the service clock, keyed by the ID number's HMAC.
 */
final class LoginLockout {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_MS = 15 * 60 * 1000L;
    // KEYS: failures. ARGV: now ms, window ms, max. Answers ms until unlocked, 0 when not locked.
    private static final LuaScript CHECK = LuaScript.of(LoginLockout.class, "lockout-check.lua");
    private static final LuaScript FAIL = LuaScript.of(LoginLockout.class, "lockout-fail.lua");

    private final RedisStore redis;
    private final Clock clock;

    LoginLockout(RedisStore redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    Future<Void> check(String idHex) {
        return redis.eval(CHECK, List.of(key(idHex)), List.of(String.valueOf(clock.millis()), String.valueOf(WINDOW_MS),
                String.valueOf(MAX_FAILURES))).compose(r -> {
                    long ms = r.toLong();
                    return ms == 0 ? Future.succeededFuture() : Future.failedFuture(Problem.tooMany("ACCOUNT_LOCKED",
                            "problem.account-locked.title", "problem.account-locked.detail", (int) ((ms + 999) / 1000)));
                });
    }

    Future<Void> failed(String idHex) {
        return redis.eval(FAIL, List.of(key(idHex)), List.of(String.valueOf(clock.millis()), String.valueOf(WINDOW_MS),
                UUID.randomUUID().toString())).mapEmpty();
    }

    Future<Void> clear(String idHex) {
        return redis.api().del(List.of(key(idHex))).mapEmpty();
    }

    private static String key(String idHex) {
        return "zk:login-fail:{" + idHex + "}";
    }
}
