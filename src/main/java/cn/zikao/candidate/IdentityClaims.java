package cn.zikao.candidate;

import cn.zikao.platform.LuaScript;
import cn.zikao.platform.Problem;
import cn.zikao.platform.RedisStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * The fast path of "a phone binds one candidate, an ID number is one candidate": while a registration runs, its
 * phone and ID number are claimed in Redis (SET NX on their HMACs), so concurrent duplicates are refused before
 * they spend an SMS code or a password hash. PostgreSQL's unique indexes remain the truth when Redis forgets.
 */
final class IdentityClaims {
    private static final int CLAIM_SECONDS = 60;
    private static final LuaScript RELEASE = LuaScript.of(IdentityClaims.class, "claim-release.lua");

    private final RedisStore redis;

    /** A held claim; release it when the registration has committed or failed. */
    record Claim(List<String> keys, String token) {}

    IdentityClaims(RedisStore redis) {
        this.redis = redis;
    }

    Future<Claim> claim(String phoneHex, String idHex, Problem phoneTaken, Problem idTaken) {
        String token = UUID.randomUUID().toString();
        String phoneKey = "zk:claim:phone:{" + phoneHex + "}";
        String idKey = "zk:claim:id:{" + idHex + "}";
        return setNx(phoneKey, token).compose(gotPhone -> {
            if (!gotPhone) {
                return Future.failedFuture(phoneTaken);
            }
            return setNx(idKey, token).compose(gotId -> gotId
                    ? Future.succeededFuture(new Claim(List.of(phoneKey, idKey), token))
                    : release(new Claim(List.of(phoneKey), token)).compose(v -> Future.failedFuture(idTaken)));
        });
    }

    Future<Void> release(Claim claim) {
        return Future.join(claim.keys().stream().map(k -> redis.eval(RELEASE, List.of(k), List.of(claim.token()))).toList())
                .<Void>mapEmpty().otherwiseEmpty();
    }

    private Future<Boolean> setNx(String key, String token) {
        return redis.api().set(List.of(key, token, "NX", "EX", String.valueOf(CLAIM_SECONDS))).map(r -> r != null);
    }
}
