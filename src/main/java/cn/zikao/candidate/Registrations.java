package cn.zikao.candidate;

import cn.zikao.identity.Accounts;
import cn.zikao.identity.Passwords;
import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Problem;
import cn.zikao.platform.WorkClass;
import cn.zikao.sms.SmsCodes;
import cn.zikao.sms.SmsPurpose;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 新生注册 and 在籍考生完善资料. Cheap refusals come first (fields, images, bound phone or ID number), then the Redis
 * claims that keep concurrent duplicates out, then a place for the password hash, the SMS code, the hash and one
 * transaction.
 */
final class Registrations {
    private static final Logger LOG = LoggerFactory.getLogger(Registrations.class);
    private final ExamPlan plan;
    private final CandidateRepository repo;
    private final CandidateImages images;
    private final IdentityClaims claims;
    private final Accounts accounts;
    private final SmsCodes sms;
    private final Passwords passwords;
    private final PiiCipher pii;
    private final Clock clock;

    record Registered(long candidateId, String admissionNo, String name, String phoneMasked) {}

    Registrations(ExamPlan plan, CandidateRepository repo, CandidateImages images, IdentityClaims claims, Accounts accounts,
                  SmsCodes sms, Passwords passwords, PiiCipher pii, Clock clock) {
        this.accounts = accounts;
        this.plan = plan;
        this.repo = repo;
        this.images = images;
        this.claims = claims;
        this.sms = sms;
        this.passwords = passwords;
        this.pii = pii;
        this.clock = clock;
    }

    /** {@code files}: the uploaded parts by form field. */
    Future<Registered> register(RegistrationForm f, Map<String, String> files) {
        return images.read(files, List.of(CandidateImages.ID_CARD_FRONT, CandidateImages.ID_CARD_BACK, CandidateImages.PHOTO))
                .compose(imgs -> claimed(f.phone(), f.idNumber(), idNumberTaken(), claim -> refuseBound(f.phone(), f.idNumber(), idNumberTaken())
                                .compose(v -> verifiedAndHashed(f.phone(), SmsPurpose.REGISTER, f.smsCode(), f.password()))
                                .compose(hash -> {
                                    return repo.register(new CandidateRepository.NewCandidate(null, f.name(), f.idNumber(), f.phone(), hash,
                                            f.gender(), f, f.sitting().code(), f.areaCode(), f.majorCode(), "REGISTERED",
                                            clock.instant()), AdmissionNumber.series(f.sitting(), f.areaCode()), imgs);
                                })))
                .map(r -> {
                    LOG.info("candidate {} registered in area {}", r.candidateId(), f.areaCode());
                    return new Registered(r.candidateId(), r.admissionNo(), f.name(), PiiCipher.maskPhone(f.phone()));
                });
    }

    Future<CandidateRepository.Registered> completeProfile(Identity id, Map<String, String> files) {
        return images.read(files, List.of(CandidateImages.ID_CARD_FRONT, CandidateImages.ID_CARD_BACK))
                .compose(imgs -> repo.rosterEntry(id.idNumber()).compose(entry -> {
                    if (entry == null || !entry.name().equals(id.name())) {
                        return Future.failedFuture(new Problem(404, "NOT_IN_ROSTER", "系统查无此人",
                                "未找到与姓名和身份证号相符的在籍考生，请核对后重试或选择新生注册。"));
                    }
                    if (entry.candidateId() != null) {
                        return Future.failedFuture(CandidateRepository.alreadyCompleted());
                    }
                    Problem completed = CandidateRepository.alreadyCompleted();
                    return claimed(id.phone(), id.idNumber(), completed, claim -> accounts.phoneBound(id.phone())
                            .compose(bound -> bound ? Future.failedFuture(phoneTaken()) : Future.succeededFuture())
                            .compose(v -> verifiedAndHashed(id.phone(), SmsPurpose.PROFILE, id.smsCode(), id.password()))
                            .compose(hash -> repo.completeFromRoster(new CandidateRepository.NewCandidate(
                                    entry.admissionNo(), entry.name(), id.idNumber(), id.phone(), hash,
                                    entry.gender(), null, sittingOf(entry), entry.areaCode(),
                                    entry.majorCode(), "ROSTER", clock.instant()), imgs)))
                            .map(candidateId -> {
                                LOG.info("candidate {} completed from the roster", candidateId);
                                return new CandidateRepository.Registered(candidateId, entry.admissionNo());
                            });
                }));
    }

    /** The SMS code is spent only once a hashing place is held, so a BUSY answer leaves the code good for the retry. */
    private Future<String> verifiedAndHashed(String phone, SmsPurpose purpose, String code, String password) {
        WorkClass.Permit place = passwords.admit();
        return sms.verify(phone, purpose, code).compose(ok -> passwords.hash(place, password))
                .onFailure(e -> place.release());
    }

    private Future<Void> refuseBound(String phone, String idNumber, Problem idTaken) {
        return accounts.phoneBound(phone).compose(bound -> bound ? Future.failedFuture(phoneTaken())
                : repo.idNumberKnown(idNumber).compose(known -> known ? Future.failedFuture(idTaken) : Future.succeededFuture()));
    }

    /**
     * Runs {@code work} while holding the phone and ID number claims, and releases them however it ends. The work
     * itself asks PostgreSQL whether the phone or ID number is bound: asked before the claim, a request could pass
     * that check, wait while another commits and releases, then take the claim and spend a consumed code.
     */
    private <T> Future<T> claimed(String phone, String idNumber, Problem idTaken, Function<IdentityClaims.Claim, Future<T>> work) {
        return claims.claim(pii.hmacHex(phone), pii.hmacHex(idNumber), phoneTaken(), idTaken)
                .compose(claim -> work.apply(claim).eventually(() -> claims.release(claim)));
    }

    /**
     * The roster names an area and a major but no sitting: a completed 在籍 candidate is enrolled in the sitting
     * that takes registrations now (or next), when that sitting has the area and the major, so they can order
     * at once; otherwise 考籍更改 sets it.
     */
    private String sittingOf(CandidateRepository.RosterEntry entry) {
        if (entry.sittingCode() != null) {
            return entry.sittingCode();
        }
        return plan.sittings().stream()
                .filter(s -> clock.instant().isBefore(s.registrationClosesAt().toInstant()))
                .filter(s -> s.area(entry.areaCode()).isPresent() && s.major(entry.majorCode()).isPresent())
                .map(ExamPlan.Sitting::code).findFirst().orElse(null);
    }

    static Problem phoneTaken() {
        return Problem.conflict("PHONE_TAKEN", "手机号已被绑定", "该手机号已绑定其他考生，请更换手机号。");
    }

    static Problem idNumberTaken() {
        return Problem.conflict("ID_NUMBER_TAKEN", "身份证号已注册", "该身份证号已注册或已在籍，请直接登录或选择在籍考生完善资料。");
    }
}
