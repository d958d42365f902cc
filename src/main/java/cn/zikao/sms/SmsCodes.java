package cn.zikao.sms;

import cn.zikao.identity.Accounts;
import cn.zikao.identity.Captchas;
import cn.zikao.identity.IdentityRules;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.LuaScript;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Problem;
import cn.zikao.platform.RedisStore;
import cn.zikao.platform.Times;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SMS verification codes: 6 digits from a CSPRNG, valid 5 minutes, single use, bound to phone and purpose, kept
 * in Redis only as an HMAC with their expiry (checked against the service clock) and a count of wrong tries (5 void
 * the code). Sending is rate limited ({@link SmsLimits}); the request only queues the message in the outbox.
 */
public final class SmsCodes {
    public static final int CODE_TTL_SECONDS = 300;
    static final int MAX_WRONG_TRIES = 5;
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");

    // KEYS: the code. ARGV: digest, expiry epoch ms, key ttl s. A new code replaces the old one and its tries.
    private static final LuaScript STORE = LuaScript.of(SmsCodes.class, "code-store.lua");
    // KEYS: the code. ARGV: digest, now epoch ms, max wrong tries. 1 = right (and used up), 0 = wrong/expired/none.
    private static final LuaScript CHECK = LuaScript.of(SmsCodes.class, "code-check.lua");

    private final RedisStore redis;
    private final Accounts accounts;
    private final PiiCipher pii;
    private final Captchas captchas;
    private final SmsOutbox outbox;
    private final AppConfig.Sms config;
    private final Clock clock;
    private final SmsLimits limits;
    private final SecureRandom random = new SecureRandom();

    public record Request(String purpose, String phone, String name, String idNumber, String captchaId, String captchaAnswer) {}

    public record Sent(String sentTo, int resendAfterSeconds, int expiresInSeconds) {}

    /** Where a code goes: the phone (null when nothing is to be sent) and the HMAC its limits are counted under. */
    private record Target(String phone, byte[] limitHmac, String sentTo) {}

    SmsCodes(RedisStore redis, Accounts accounts, PiiCipher pii, Captchas captchas, SmsOutbox outbox, AppConfig.Sms config,
             Clock clock) {
        this.redis = redis;
        this.accounts = accounts;
        this.pii = pii;
        this.captchas = captchas;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.limits = new SmsLimits(redis, pii, config, clock);
    }

    public Future<Sent> send(Request req, String remoteIp) {
        SmsPurpose purpose = SmsPurpose.parse(req.purpose());
        List<FieldError> errors = validate(req, purpose);
        if (!errors.isEmpty()) {
            return Future.failedFuture(Problem.validation(errors));
        }
        return captchas.check(req.captchaId(), req.captchaAnswer())
                .compose(v -> limits.checkIp(remoteIp))
                .compose(v -> target(req, purpose))
                .compose(t -> limits.takePhone(t.limitHmac())
                        .compose(v -> limits.countIp(remoteIp))
                        .compose(v -> t.phone() == null ? Future.succeededFuture() : issue(t.phone(), purpose))
                        .map(v -> new Sent(t.sentTo(), config.cooldownSeconds(), CODE_TTL_SECONDS)));
    }

    /** Succeeds once for the right code of this phone and purpose within 5 minutes; else 400 SMS_CODE_INVALID. */
    public Future<Void> verify(String phone, SmsPurpose purpose, String code) {
        return verify(pii.hmac(phone), purpose, code);
    }

    public Future<Void> verify(byte[] phoneHmac, SmsPurpose purpose, String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return Future.failedFuture(invalid());
        }
        String hex = HexFormat.of().formatHex(phoneHmac);
        return redis.eval(CHECK, List.of(codeKey(hex, purpose)),
                        List.of(digest(hex, purpose, code), String.valueOf(clock.millis()), String.valueOf(MAX_WRONG_TRIES)))
                .compose(r -> r.toInteger() == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(invalid()));
    }

    public static Problem invalid() {
        return new Problem(400, "SMS_CODE_INVALID", "problem.sms-code-invalid.title", "problem.sms-code-invalid.detail");
    }

    private List<FieldError> validate(Request req, SmsPurpose purpose) {
        List<FieldError> errors = new ArrayList<>();
        if (purpose == null) {
            errors.add(new FieldError("purpose", "INVALID", "field.purpose.invalid"));
            return errors;
        }
        boolean byPerson = purpose.forBoundPhone() && req.phone() == null && (req.name() != null || req.idNumber() != null);
        if (byPerson) {
            if (!IdentityRules.name(req.name())) {
                errors.add(IdentityRules.nameInvalid());
            }
            if (IdentityRules.idNumber(IdentityRules.normalizeIdNumber(req.idNumber()), clock.instant().atZone(Times.CHINA).toLocalDate()) == null) {
                errors.add(IdentityRules.idNumberInvalid());
            }
        } else if (!IdentityRules.phone(req.phone())) {
            errors.add(IdentityRules.phoneInvalid());
        }
        return errors;
    }

    private Future<Target> target(Request req, SmsPurpose purpose) {
        if (req.phone() == null) {
            String idNumber = IdentityRules.normalizeIdNumber(req.idNumber());
            byte[] idHmac = pii.hmac(idNumber);
            return accounts.byIdNumber(idNumber).map(a -> {
                if (a == null || !req.name().equals(a.name()) || a.phone() == null) {
                    return new Target(null, idHmac, decoyMask(idHmac));
                }
                return new Target(a.phone(), a.phoneHmac(), PiiCipher.maskPhone(a.phone()));
            });
        }
        byte[] phoneHmac = pii.hmac(req.phone());
        return accounts.phoneBound(req.phone()).compose(bound -> {
            if (!purpose.forBoundPhone() && bound) {
                return Future.failedFuture(Problem.conflict("PHONE_TAKEN", "problem.phone-taken.title", "problem.phone-taken.detail"));
            }
            boolean deliver = !purpose.forBoundPhone() || bound;
            return Future.succeededFuture(new Target(deliver ? req.phone() : null, phoneHmac, PiiCipher.maskPhone(req.phone())));
        });
    }

    /**
     * For a name and ID number that match no one: a masked phone derived from their HMAC, the same every time,
     * so the answer looks like that of a real candidate.
     */
    private static String decoyMask(byte[] hmac) {
        int a = Byte.toUnsignedInt(hmac[0]), b = Byte.toUnsignedInt(hmac[1]), c = Byte.toUnsignedInt(hmac[2]) << 8 | Byte.toUnsignedInt(hmac[3]);
        return "1" + (3 + a % 7) + (b % 10) + "****" + String.format("%04d", c % 10000);
    }

    private Future<Void> issue(String phone, SmsPurpose purpose) {
        String code = String.format("%06d", random.nextInt(1_000_000));
        String hex = pii.hmacHex(phone);
        Instant expiry = clock.instant().plusSeconds(CODE_TTL_SECONDS);
        return redis.eval(STORE, List.of(codeKey(hex, purpose)), List.of(digest(hex, purpose, code),
                        String.valueOf(expiry.toEpochMilli()), String.valueOf(CODE_TTL_SECONDS + 60)))
                .compose(r -> outbox.enqueue(phone, purpose.name(), SmsTemplates.CODE, Map.of("code", code)));
    }

    private String digest(String phoneHex, SmsPurpose purpose, String code) {
        return pii.hmacHex("sms-code:" + phoneHex + ":" + purpose.name() + ":" + code);
    }

    private static String codeKey(String phoneHex, SmsPurpose purpose) {
        return "zk:sms:{" + phoneHex + "}:code:" + purpose.name();
    }
}
