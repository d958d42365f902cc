package cn.zikao.candidate;

import cn.zikao.auth.AuthModule;
import cn.zikao.identity.Accounts;
import cn.zikao.identity.Captchas;
import cn.zikao.identity.IdentityRules;
import cn.zikao.identity.Passwords;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Times;
import cn.zikao.platform.WorkClass;
import cn.zikao.sms.SmsCodes;
import cn.zikao.sms.SmsOutbox;
import cn.zikao.sms.SmsPurpose;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 找回密码 and 换绑手机号. Cheap checks come first (fields, captcha, bound phone, SMS code), the password hash last. An
 * account that does not exist is checked like one that does: its SMS code is looked up under the HMAC of what was
 * given, where no code was ever sent, so the answer is the same SMS_CODE_INVALID after the same work.
 */
final class AccountChanges {
    private static final Logger LOG = LoggerFactory.getLogger(AccountChanges.class);
    private final Pool pg;
    private final PiiCipher pii;
    private final Accounts accounts;
    private final Captchas captchas;
    private final SmsCodes sms;
    private final SmsOutbox outbox;
    private final Passwords passwords;
    private final AuthModule auth;
    private final Clock clock;

    record Reset(String method, String name, String idNumber, String phone, String smsCode, String newPassword,
                 String captchaId, String captchaAnswer) {}

    /** {@code lang}: the language of the notice to the phone left behind. */
    record PhoneChange(String phone, String smsCode, String password, String lang) {}

    /** Whose code to check: the account (null when none matches) and the phone HMAC its code was sent under. */
    private record Claimed(Accounts.Account account, byte[] codeHmac) {}

    AccountChanges(Pool pg, PiiCipher pii, Accounts accounts, Captchas captchas, SmsCodes sms, SmsOutbox outbox,
                   Passwords passwords, AuthModule auth, Clock clock) {
        this.pg = pg;
        this.pii = pii;
        this.accounts = accounts;
        this.captchas = captchas;
        this.sms = sms;
        this.outbox = outbox;
        this.passwords = passwords;
        this.auth = auth;
        this.clock = clock;
    }

    /** 找回密码: the new password, every session ended on every instance, the lockout lifted. */
    Future<Void> reset(Reset r) {
        List<FieldError> errors = validate(r);
        if (!errors.isEmpty()) {
            return Future.failedFuture(Problem.validation(errors));
        }
        // a hashing place first: a BUSY answer then spends neither the captcha nor the code
        WorkClass.Permit place;
        try {
            place = passwords.admit();
        } catch (RuntimeException busy) {
            return Future.failedFuture(busy);
        }
        return captchas.check(r.captchaId(), r.captchaAnswer())
                .compose(v -> claimed(r))
                .compose(c -> sms.verify(c.codeHmac(), SmsPurpose.RESET_PASSWORD, r.smsCode())
                        // a phone that lost its candidate after its code was sent
                        .compose(v -> c.account() == null ? Future.failedFuture(SmsCodes.invalid()) : Future.succeededFuture(c.account())))
                .compose(a -> passwords.hash(place, r.newPassword()).compose(hash -> pg.withTransaction(tx -> tx
                                .preparedQuery(CandidateSql.SET_PASSWORD).execute(Tuple.of(a.candidateId(), hash))
                                .compose(x -> auth.endSessions(tx, a.candidateId()))))
                        .compose(x -> auth.liftLockout(a.idNumberHmac()))
                        .onSuccess(x -> LOG.info("candidate {} reset the password ({})", a.candidateId(), r.method())))
                .onFailure(e -> place.release());
    }

    private Future<Claimed> claimed(Reset r) {
        if ("PHONE".equals(r.method())) {
            return accounts.byPhone(r.phone()).map(a -> new Claimed(a, pii.hmac(r.phone())));
        }
        String idNumber = IdentityRules.normalizeIdNumber(r.idNumber());
        return accounts.byIdNumber(idNumber).map(a -> a != null && IdentityRules.sameName(a.name(), r.name()) && a.phoneHmac() != null
                ? new Claimed(a, a.phoneHmac())
                : new Claimed(null, pii.hmac(idNumber)));
    }

    /** 换绑手机号: the answer is the new phone, masked. The unique index on the phone's HMAC decides a race. */
    Future<String> changePhone(long candidateId, PhoneChange c) {
        List<FieldError> errors = new ArrayList<>();
        if (!IdentityRules.phone(c.phone())) {
            errors.add(IdentityRules.phoneInvalid());
        }
        if (c.smsCode() == null || c.smsCode().isBlank()) {
            errors.add(AccountTexts.required("smsCode"));
        }
        if (c.password() == null || c.password().isEmpty()) {
            errors.add(AccountTexts.required("password"));
        } else if (c.password().length() > 128) {
            errors.add(AccountTexts.passwordTooLong());
        }
        if (!errors.isEmpty()) {
            return Future.failedFuture(Problem.validation(errors));
        }
        String masked = PiiCipher.maskPhone(c.phone());
        WorkClass.Permit place;
        try {
            place = passwords.admit();
        } catch (RuntimeException busy) {
            return Future.failedFuture(busy);
        }
        return accounts.phoneBound(c.phone())
                .compose(bound -> bound ? Future.failedFuture(Registrations.phoneTaken()) : Future.succeededFuture())
                .compose(v -> sms.verify(c.phone(), SmsPurpose.PROFILE, c.smsCode()))
                .compose(v -> pg.preparedQuery(CandidateSql.SIGN_IN_FACTS).execute(Tuple.of(candidateId)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(Problem.unauthenticated());
                    }
                    Row row = rows.iterator().next();
                    return passwords.matches(place, c.password(), row.getString("password_hash")).compose(ok -> ok
                            ? rebind(candidateId, row, c.phone(), masked, c.lang())
                            : Future.failedFuture(AccountTexts.wrongPassword()));
                })
                .onSuccess(v -> LOG.info("candidate {} changed the bound phone", candidateId))
                .onFailure(e -> place.release())
                .map(masked);
    }

    /** One transaction: both numbers under today's key, the new phone, and the notice to the old one. */
    private Future<Void> rebind(long candidateId, Row row, String phone, String masked, String lang) {
        String keyId = row.getString("pii_key_id");
        String idNumber = pii.decrypt(row.getBuffer("id_number_enc").getBytes(), keyId);
        Buffer oldEnc = row.getBuffer("phone_enc");
        String oldPhone = oldEnc == null ? null : pii.decrypt(oldEnc.getBytes(), keyId);
        return pg.withTransaction(tx -> tx.preparedQuery(CandidateSql.SET_PHONE).execute(Tuple.of(candidateId,
                        Buffer.buffer(pii.encrypt(idNumber)), Buffer.buffer(pii.encrypt(phone)), Buffer.buffer(pii.hmac(phone)),
                        pii.keyId()))
                .compose(v -> oldPhone == null ? Future.<Void>succeededFuture() : outbox.announcePhoneChange(tx, oldPhone, masked, lang)))
                .recover(e -> Future.failedFuture(e instanceof PgException pe && "23505".equals(pe.getSqlState())
                        ? Registrations.phoneTaken() : e));
    }

    private List<FieldError> validate(Reset r) {
        List<FieldError> errors = new ArrayList<>();
        if ("ID".equals(r.method())) {
            if (!IdentityRules.name(r.name() == null ? null : r.name().trim())) {
                errors.add(IdentityRules.nameInvalid());
            }
            if (IdentityRules.idNumber(IdentityRules.normalizeIdNumber(r.idNumber()),
                    clock.instant().atZone(Times.CHINA).toLocalDate()) == null) {
                errors.add(IdentityRules.idNumberInvalid());
            }
        } else if ("PHONE".equals(r.method())) {
            if (!IdentityRules.phone(r.phone())) {
                errors.add(IdentityRules.phoneInvalid());
            }
        } else {
            errors.add(AccountTexts.methodInvalid());
        }
        if (r.smsCode() == null || r.smsCode().isBlank()) {
            errors.add(AccountTexts.required("smsCode"));
        }
        if (!IdentityRules.password(r.newPassword())) {
            errors.add(IdentityRules.passwordWeak("newPassword"));
        }
        return errors;
    }
}
