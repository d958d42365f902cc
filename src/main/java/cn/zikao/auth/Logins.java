package cn.zikao.auth;

import cn.zikao.identity.Accounts;
import cn.zikao.identity.Captchas;
import cn.zikao.identity.IdentityRules;
import cn.zikao.identity.Passwords;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Problem;
import cn.zikao.platform.WaitingRoom;
import cn.zikao.platform.WorkClass;
import cn.zikao.sms.SmsCodes;
import cn.zikao.sms.SmsPurpose;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login by name + ID number + password + SMS code, or by phone + SMS code; a captcha first either way. By password,
 * the cheap proofs come before the hash: the captcha, then the LOGIN code sent to the account's phone, then argon2.
 * Every wrong part (name, ID number, password or code) is the same 401 BAD_CREDENTIALS, so no answer tells whether a
 * password was right to someone without the phone's code, and a wrong code costs no hash. With the right code every
 * wrong name, ID number or password is answered after the same argon2 work (a dummy hash for an unknown candidate)
 * and counts toward the lockout of that ID number: the try is taken before the password is checked and given back
 * when it was right or the code was wrong, so parallel guesses get no more than the lockout's tries. A right code is
 * kept through a wrong password (the candidate retypes the password, not the code) and used up by the login. A password login first
 * takes its place in the login waiting room (in front of password hashing), before the captcha is spent, so a BUSY
 * answer costs nothing.
 */
final class Logins {
    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
    private final Accounts accounts;
    private final PiiCipher pii;
    private final Captchas captchas;
    private final SmsCodes sms;
    private final Passwords passwords;
    private final LoginLockout lockout;
    private final Sessions sessions;
    private final WaitingRoom room;

    record Request(String method, String name, String idNumber, String password, String phone, String smsCode,
                   String captchaId, String captchaAnswer) {}

    record Candidate(long candidateId, String admissionNo, String name, String idNumberMasked, String phoneMasked) {}

    record LoggedIn(Sessions.Issued session, Candidate candidate) {}

    Logins(Accounts accounts, LoginLockout lockout, PiiCipher pii, Captchas captchas, SmsCodes sms, Passwords passwords,
           Sessions sessions, WaitingRoom room) {
        this.room = room;
        this.accounts = accounts;
        this.pii = pii;
        this.captchas = captchas;
        this.sms = sms;
        this.passwords = passwords;
        this.sessions = sessions;
        this.lockout = lockout;
    }

    /** {@code ticket}: the place in line a BUSY answer gave, or null. */
    Future<LoggedIn> login(Request r, String ticket) {
        List<FieldError> errors = validate(r);
        if (!errors.isEmpty()) {
            return Future.failedFuture(Problem.validation(errors));
        }
        Future<Candidate> who = "PHONE".equals(r.method())
                ? captchas.check(r.captchaId(), r.captchaAnswer()).compose(v -> byPhone(r))
                : room.enter(ticket).compose(place -> captchas.check(r.captchaId(), r.captchaAnswer())
                        .compose(v -> byPassword(r, place))
                        .onFailure(e -> place.release()));
        return who.map(c -> {
            LOG.info("candidate {} logged in ({})", c.candidateId(), r.method());
            return new LoggedIn(sessions.issue(c.candidateId()), c);
        });
    }

    private Future<Candidate> byPassword(Request r, WorkClass.Permit place) {
        String idNumber = IdentityRules.normalizeIdNumber(r.idNumber());
        String idHex = pii.hmacHex(idNumber);
        return lockout.take(idHex).compose(taken -> accounts.byIdNumber(idNumber).compose(a -> {
            // the code first: without the phone's code nothing is learnt of the password and nothing is hashed; an
            // unknown ID number is checked against a key no code is ever stored under, with the same Redis work
            byte[] phone = a != null && a.phoneHmac() != null ? a.phoneHmac() : pii.hmac("login-decoy:" + idNumber);
            return sms.check(phone, SmsPurpose.LOGIN, r.smsCode()).<Accounts.Account>transform(code -> {
                if (code.failed()) {
                    // not a guess at the password: the try goes back (the code has tries of its own)
                    return lockout.giveBack(taken).transform(x -> Future.failedFuture(asBadCredentials(code.cause())));
                }
                return passwords.matches(place, r.password(), a == null ? null : a.passwordHash())
                        .map(match -> match && IdentityRules.sameName(a.name(), r.name()) && a.phoneHmac() != null ? a : null)
                        .transform(checked -> {
                            if (checked.succeeded() && checked.result() == null) {
                                return Future.failedFuture(badCredentials());
                            }
                            // the password was right, or could not be checked: the try does not count
                            Future<Void> back = lockout.giveBack(taken);
                            return checked.failed() ? back.transform(x -> Future.<Accounts.Account>failedFuture(checked.cause()))
                                    : back.map(x -> checked.result());
                        });
            });
        })).compose(a -> sms.spend(a.phoneHmac(), SmsPurpose.LOGIN, r.smsCode())
                .recover(e -> Future.failedFuture(asBadCredentials(e)))
                .compose(x -> lockout.clear(idHex))
                .map(x -> candidate(a)));
    }

    private Future<Candidate> byPhone(Request r) {
        return sms.verify(r.phone(), SmsPurpose.LOGIN, r.smsCode())
                .compose(v -> accounts.byPhone(r.phone()))
                .compose(a -> a == null ? Future.failedFuture(badCredentials()) : Future.succeededFuture(candidate(a)));
    }

    private static Candidate candidate(Accounts.Account a) {
        return new Candidate(a.candidateId(), a.admissionNo(), a.name(), a.idNumberMasked(), a.phoneMasked());
    }

    private static List<FieldError> validate(Request r) {
        List<FieldError> errors = new ArrayList<>();
        if ("ID_PASSWORD".equals(r.method())) {
            required("name", r.name(), errors);
            required("idNumber", r.idNumber(), errors);
            required("password", r.password(), errors);
            if (r.password() != null && r.password().length() > 128) {
                errors.add(new FieldError("password", "INVALID", "field.password.too-long"));
            }
        } else if ("PHONE".equals(r.method())) {
            if (!IdentityRules.phone(r.phone())) {
                errors.add(IdentityRules.phoneInvalid());
            }
        } else {
            errors.add(new FieldError("method", "INVALID", "field.method.invalid"));
        }
        required("smsCode", r.smsCode(), errors);
        return errors;
    }

    private static void required(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "REQUIRED", "field.required"));
        }
    }

    /** A wrong or spent code in a password login is answered as every other wrong part is; other failures stay. */
    private static Throwable asBadCredentials(Throwable e) {
        return e instanceof Problem p && "SMS_CODE_INVALID".equals(p.code()) ? badCredentials() : e;
    }

    static Problem badCredentials() {
        return new Problem(401, "BAD_CREDENTIALS", "problem.bad-credentials.title", "problem.bad-credentials.detail");
    }
}
