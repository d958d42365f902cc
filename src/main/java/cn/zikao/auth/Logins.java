package cn.zikao.auth;

import cn.zikao.candidate.IdentityRules;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Problem;
import cn.zikao.platform.RedisStore;
import cn.zikao.sms.SmsCodes;
import cn.zikao.sms.SmsPurpose;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login by name + ID number + password + SMS code, or by phone + SMS code; a captcha first either way. Every wrong
 * name, ID number or password is the same 401 BAD_CREDENTIALS after the same argon2 work (a dummy hash for an unknown
 * candidate), and counts toward the lockout of that ID number.
 */
final class Logins {
    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
    private static final String BY_ID = "SELECT id, name, password_hash, phone_hmac, admission_no, id_number_masked, phone_masked "
            + "FROM candidate WHERE id_number_hmac = $1";
    private static final String BY_PHONE = "SELECT id, name, admission_no, id_number_masked, phone_masked FROM candidate WHERE phone_hmac = $1";

    private final Pool pg;
    private final PiiCipher pii;
    private final Captchas captchas;
    private final SmsCodes sms;
    private final Passwords passwords;
    private final LoginLockout lockout;
    private final Sessions sessions;

    record Request(String method, String name, String idNumber, String password, String phone, String smsCode,
                   String captchaId, String captchaAnswer) {}

    record Candidate(long candidateId, String admissionNo, String name, String idNumberMasked, String phoneMasked) {}

    record LoggedIn(Sessions.Issued session, Candidate candidate) {}

    Logins(Pool pg, RedisStore redis, PiiCipher pii, Captchas captchas, SmsCodes sms, Passwords passwords, Sessions sessions,
           Clock clock) {
        this.pg = pg;
        this.pii = pii;
        this.captchas = captchas;
        this.sms = sms;
        this.passwords = passwords;
        this.sessions = sessions;
        this.lockout = new LoginLockout(redis, clock);
    }

    Future<LoggedIn> login(Request r) {
        List<FieldError> errors = validate(r);
        if (!errors.isEmpty()) {
            return Future.failedFuture(Problem.validation(errors));
        }
        Future<Candidate> who = captchas.check(r.captchaId(), r.captchaAnswer())
                .compose(v -> "PHONE".equals(r.method()) ? byPhone(r) : byPassword(r));
        return who.map(c -> {
            LOG.info("candidate {} logged in ({})", c.candidateId(), r.method());
            return new LoggedIn(sessions.issue(c.candidateId()), c);
        });
    }

    private Future<Candidate> byPassword(Request r) {
        String idNumber = IdentityRules.normalizeIdNumber(r.idNumber());
        String idHex = pii.hmacHex(idNumber);
        return lockout.check(idHex)
                .compose(v -> pg.preparedQuery(BY_ID).execute(Tuple.of(Buffer.buffer(pii.hmac(idNumber)))))
                .compose(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    String hash = row == null ? null : row.getString("password_hash");
                    return passwords.matches(r.password(), hash).compose(match -> {
                        if (!match || !row.getString("name").equals(r.name().trim()) || row.getBuffer("phone_hmac") == null) {
                            return lockout.failed(idHex).compose(x -> Future.failedFuture(badCredentials()));
                        }
                        return sms.verify(row.getBuffer("phone_hmac").getBytes(), SmsPurpose.LOGIN, r.smsCode())
                                .compose(x -> lockout.clear(idHex))
                                .map(x -> candidate(row));
                    });
                });
    }

    private Future<Candidate> byPhone(Request r) {
        return sms.verify(r.phone(), SmsPurpose.LOGIN, r.smsCode())
                .compose(v -> pg.preparedQuery(BY_PHONE).execute(Tuple.of(Buffer.buffer(pii.hmac(r.phone())))))
                .compose(rows -> rows.size() == 0 ? Future.failedFuture(badCredentials())
                        : Future.succeededFuture(candidate(rows.iterator().next())));
    }

    private static Candidate candidate(Row row) {
        return new Candidate(row.getLong("id"), row.getString("admission_no"), row.getString("name"),
                row.getString("id_number_masked"), row.getString("phone_masked"));
    }

    private static List<FieldError> validate(Request r) {
        List<FieldError> errors = new ArrayList<>();
        if ("ID_PASSWORD".equals(r.method())) {
            required("name", r.name(), errors);
            required("idNumber", r.idNumber(), errors);
            required("password", r.password(), errors);
            if (r.password() != null && r.password().length() > 128) {
                errors.add(new FieldError("password", "INVALID", "密码过长。"));
            }
        } else if ("PHONE".equals(r.method())) {
            if (!IdentityRules.phone(r.phone())) {
                errors.add(new FieldError("phone", "INVALID", "请输入正确的11位手机号。"));
            }
        } else {
            errors.add(new FieldError("method", "INVALID", "登录方式须为 ID_PASSWORD 或 PHONE。"));
        }
        required("smsCode", r.smsCode(), errors);
        return errors;
    }

    private static void required(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "REQUIRED", "此项不能为空。"));
        }
    }

    static Problem badCredentials() {
        return new Problem(401, "BAD_CREDENTIALS", "登录信息有误", "姓名、身份证号或密码不正确。");
    }
}
