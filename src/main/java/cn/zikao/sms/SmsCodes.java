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
    // KEYS: the code. ARGV: digest, now epoch ms, max wrong tries, "keep" or "use". 1 = right (and used up unless
    // kept), 0 = wrong/expired/none.
    private static final LuaScript CHECK = LuaScript.of(SmsCodes.class, "code-check.lua");
    // KEYS: the code. ARGV: digest. 1 = it was this code and is now used up, 0 = gone or another one.
    private static final LuaScript SPEND = LuaScript.of(SmsCodes.class, "code-spend.lua");

    private final RedisStore redis;
    private final Accounts accounts;
    private final PiiCipher pii;
    private final Captchas captchas;
    private final SmsOutbox outbox;
    private final AppConfig.Sms config;
    private final Clock clock;
    private final SmsLimits limits;
    private final SecureRandom random = new SecureRandom();

    /** What a candidate asks for; {@code lang} ({@code zh-CN} or {@code bo}) is the language the SMS is written in. */
    public record Request(String purpose, String phone, String name, String idNumber, String captchaId, String captchaAnswer,
                          String lang) {}

    public record Sent(String sentTo, int resendAfterSeconds, int expiresInSeconds) {}

    /**
     * Where a code goes: the phone (null when nothing is to be sent), the HMAC its code is stored under, the limits the
     * answer keeps to, those taken quietly besides (or null), where the code goes when those are spent (never over a
     * code the phone's owner holds), and the masked phone answered.
     */
    private record Target(String phone, String codeHex, SmsLimits.Subject limits, SmsLimits.Subject quiet,
                          String spareHex, String sentTo) {}

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
                .compose(t -> limits.take(t.limits(), remoteIp)
                        .compose(v -> t.quiet() == null ? Future.succeededFuture(true) : limits.takeQuietly(t.quiet(), remoteIp))
                        .compose(allowed -> limits.countIp(remoteIp).map(allowed))
                        .compose(allowed -> allowed ? issue(t.phone(), t.codeHex(), purpose, req.lang())
                                : issue(null, t.spareHex(), purpose, req.lang()))
                        .map(v -> new Sent(t.sentTo(), config.cooldownSeconds(), CODE_TTL_SECONDS)));
    }

    /** Succeeds once for the right code of this phone and purpose within 5 minutes; else 400 SMS_CODE_INVALID. */
    public Future<Void> verify(String phone, SmsPurpose purpose, String code) {
        return verify(pii.hmac(phone), purpose, code);
    }

    public Future<Void> verify(byte[] phoneHmac, SmsPurpose purpose, String code) {
        return check(phoneHmac, purpose, code, "use");
    }

    /**
     * Like {@link #verify(byte[], SmsPurpose, String)}, but a right code stays good until {@link #spend}: for a step
     * that checks the code before further work that may still fail (a password login checks the code before it hashes,
     * and a wrong password must not cost the candidate a new code). A wrong code counts toward its tries as ever.
     */
    public Future<Void> check(byte[] phoneHmac, SmsPurpose purpose, String code) {
        return check(phoneHmac, purpose, code, "keep");
    }

    /** Uses up a code that {@link #check} found right; fails with SMS_CODE_INVALID when another request used it first. */
    public Future<Void> spend(byte[] phoneHmac, SmsPurpose purpose, String code) {
        String hex = HexFormat.of().formatHex(phoneHmac);
        return redis.eval(SPEND, List.of(codeKey(hex, purpose)), List.of(digest(hex, purpose, code)))
                .compose(r -> r.toInteger() == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(invalid()));
    }

    private Future<Void> check(byte[] phoneHmac, SmsPurpose purpose, String code, String mode) {
        if (code == null || !CODE.matcher(code).matches()) {
            return Future.failedFuture(invalid());
        }
        String hex = HexFormat.of().formatHex(phoneHmac);
        return redis.eval(CHECK, List.of(codeKey(hex, purpose)),
                        List.of(digest(hex, purpose, code), String.valueOf(clock.millis()), String.valueOf(MAX_WRONG_TRIES), mode))
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

    /**
     * Asked by name + ID number, the answer is the same for a right name, a wrong one and an ID number no one holds:
     * the limits the requester sees are those of the ID number whatever the name; the phone's own day cap and ceiling
     * are taken quietly (when spent, nothing is sent and the answer does not change); the masked phone of a wrong name
     * is made from the HMAC of name and ID number, the same on every ask and shaped like a real one; the same Redis
     * work is done either way.
     */
    private Future<Target> target(Request req, SmsPurpose purpose) {
        if (req.phone() == null) {
            String idNumber = IdentityRules.normalizeIdNumber(req.idNumber());
            String name = req.name().trim();
            SmsLimits.Subject person = SmsLimits.Subject.person(pii.hmacHex(idNumber));
            byte[] decoy = pii.hmac("sms-decoy:" + name + "\n" + idNumber);
            String decoyHex = HexFormat.of().formatHex(decoy);
            return accounts.byIdNumber(idNumber).map(a -> {
                if (a == null || !IdentityRules.sameName(a.name(), name) || a.phone() == null) {
                    return new Target(null, decoyHex, person, SmsLimits.Subject.phone(decoyHex), decoyHex, decoyMask(decoy));
                }
                String hex = HexFormat.of().formatHex(a.phoneHmac());
                return new Target(a.phone(), hex, person, SmsLimits.Subject.phone(hex), decoyHex,
                        PiiCipher.maskPhone(a.phone()));
            });
        }
        String hex = pii.hmacHex(req.phone());
        return accounts.phoneBound(req.phone()).compose(bound -> {
            if (!purpose.forBoundPhone() && bound) {
                return Future.failedFuture(Problem.conflict("PHONE_TAKEN", "problem.phone-taken.title", "problem.phone-taken.detail"));
            }
            boolean deliver = !purpose.forBoundPhone() || bound;
            return Future.succeededFuture(new Target(deliver ? req.phone() : null, hex, SmsLimits.Subject.phone(hex), null,
                    hex, PiiCipher.maskPhone(req.phone())));
        });
    }

    /** The first three digits of the mobile numbers carriers give out, for the masks of names that match no one. */
    private static final int[] PREFIXES = {130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 145, 147, 149, 150, 151, 152,
        153, 155, 156, 157, 158, 159, 162, 165, 166, 167, 170, 171, 172, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184,
        185, 186, 187, 188, 189, 190, 191, 192, 193, 195, 196, 197, 198, 199};

    private static String decoyMask(byte[] hmac) {
        int prefix = PREFIXES[Byte.toUnsignedInt(hmac[0]) % PREFIXES.length];
        int last = (Byte.toUnsignedInt(hmac[1]) << 16 | Byte.toUnsignedInt(hmac[2]) << 8 | Byte.toUnsignedInt(hmac[3])) % 10000;
        return prefix + "****" + String.format("%04d", last);
    }

    /** A new code stored under the phone's HMAC and, when there is a phone to send to, queued for it. */
    private Future<Void> issue(String phone, String hex, SmsPurpose purpose, String lang) {
        String code = String.format("%06d", random.nextInt(1_000_000));
        Instant expiry = clock.instant().plusSeconds(CODE_TTL_SECONDS);
        return redis.eval(STORE, List.of(codeKey(hex, purpose)), List.of(digest(hex, purpose, code),
                        String.valueOf(expiry.toEpochMilli()), String.valueOf(CODE_TTL_SECONDS + 60)))
                .compose(r -> phone == null ? Future.<Void>succeededFuture()
                        : outbox.enqueue(phone, purpose.name(), SmsTemplates.CODE, Map.of("code", code, SmsTemplates.LANG,
                                SmsOutbox.language(lang))));
    }

    private String digest(String phoneHex, SmsPurpose purpose, String code) {
        return pii.hmacHex("sms-code:" + phoneHex + ":" + purpose.name() + ":" + code);
    }

    private static String codeKey(String phoneHex, SmsPurpose purpose) {
        return "zk:sms:{" + phoneHex + "}:code:" + purpose.name();
    }
}
