package cn.zikao.candidate;

import cn.zikao.identity.Accounts;
import cn.zikao.identity.IdentityRules;
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
 * 新生注册 and 在籍考生完善资料. Nothing about an identity is told to someone who has not proven the phone, and a wrong
 * code costs no decode and no hash: after the fields (parsed by the caller), the places for the decode and the hash
 * are taken (a BUSY answer spends nothing), the images' structure is judged, the SMS code is checked, and only then come
 * the Redis claims that keep concurrent duplicates out, the bound phone, ID number or roster entry, the decode, the
 * hash and one transaction.
 */
final class Registrations {
    private static final Logger LOG = LoggerFactory.getLogger(Registrations.class);
    private static final List<CandidateImages.Part> REGISTRATION_IMAGES =
            List.of(CandidateImages.ID_CARD_FRONT, CandidateImages.ID_CARD_BACK, CandidateImages.PHOTO);
    private static final List<CandidateImages.Part> COMPLETION_IMAGES =
            List.of(CandidateImages.ID_CARD_FRONT, CandidateImages.ID_CARD_BACK);
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

    /** The places a request holds for its decode and its hash, taken before anything is spent. */
    private record Places(WorkClass.Permit decode, WorkClass.Permit hash) {
        void release() {
            decode.release();
            hash.release();
        }
    }

    /** The decoded images and the password hash, all a new candidate row still needs. */
    private record Ready(Map<String, JpegImage> images, String hash) {}

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

    /** {@code files}: the uploaded parts by form field; {@code lang}: the language of the success SMS. */
    Future<Registered> register(RegistrationForm f, Map<String, String> files, String lang) {
        return placed(places -> images.inspect(files, REGISTRATION_IMAGES)
                .compose(inspected -> sms.verify(f.phone(), SmsPurpose.REGISTER, f.smsCode()).map(proven -> inspected))
                .compose(inspected -> claimed(f.phone(), f.idNumber(), idNumberTaken(), claim -> refuseBound(f.phone(), f.idNumber())
                        .compose(v -> decodedAndHashed(places, inspected, REGISTRATION_IMAGES, f.password()))
                        .compose(ready -> repo.register(new CandidateRepository.NewCandidate(null, f.name(), f.idNumber(),
                                f.phone(), ready.hash(), f.gender(), f, f.sitting().code(), f.areaCode(),
                                f.majorCode(), "REGISTERED", clock.instant()), AdmissionNumber.series(f.sitting(), f.areaCode()),
                                ready.images(), lang)))))
                .map(r -> {
                    LOG.info("candidate {} registered in area {}", r.candidateId(), f.areaCode());
                    return new Registered(r.candidateId(), r.admissionNo(), f.name(), PiiCipher.maskPhone(f.phone()));
                });
    }

    /** The roster is asked only once the phone is proven. */
    Future<CandidateRepository.Registered> completeProfile(Identity id, Map<String, String> files) {
        return placed(places -> images.inspect(files, COMPLETION_IMAGES)
                .compose(inspected -> sms.verify(id.phone(), SmsPurpose.PROFILE, id.smsCode())
                        .compose(proven -> repo.rosterEntry(id.idNumber()))
                        .compose(entry -> completed(id, entry, inspected, places))));
    }

    private Future<CandidateRepository.Registered> completed(Identity id, CandidateRepository.RosterEntry entry,
                                                             Map<String, JpegImage> inspected, Places places) {
        if (entry == null || !IdentityRules.sameName(entry.name(), id.name())) {
            return Future.failedFuture(new Problem(404, "NOT_IN_ROSTER", "problem.not-in-roster.title",
                    "problem.not-in-roster.detail"));
        }
        if (entry.candidateId() != null) {
            return Future.failedFuture(CandidateRepository.alreadyCompleted());
        }
        return claimed(id.phone(), id.idNumber(), CandidateRepository.alreadyCompleted(), claim -> accounts.phoneBound(id.phone())
                .compose(bound -> bound ? Future.failedFuture(phoneTaken()) : Future.succeededFuture())
                .compose(v -> decodedAndHashed(places, inspected, COMPLETION_IMAGES, id.password()))
                .compose(ready -> repo.completeFromRoster(new CandidateRepository.NewCandidate(entry.admissionNo(), entry.name(),
                        id.idNumber(), id.phone(), ready.hash(), entry.gender(), null, sittingOf(entry),
                        entry.areaCode(), entry.majorCode(), "ROSTER", clock.instant()), ready.images())))
                .map(candidateId -> {
                    LOG.info("candidate {} completed from the roster", candidateId);
                    return new CandidateRepository.Registered(candidateId, entry.admissionNo());
                });
    }

    /**
     * Runs {@code work} holding a decode place and a hash place, taken first so that a BUSY answer leaves the SMS code
     * good for the retry; the places go back however the work ends (a no-op for one it used).
     */
    private <T> Future<T> placed(Function<Places, Future<T>> work) {
        WorkClass.Permit decode = images.admit();
        WorkClass.Permit hash;
        try {
            hash = passwords.admit();
        } catch (RuntimeException e) {
            decode.release();
            throw e;
        }
        Places places = new Places(decode, hash);
        try {
            return work.apply(places).onComplete(ar -> places.release());
        } catch (RuntimeException e) {
            places.release();
            throw e;
        }
    }

    private Future<Ready> decodedAndHashed(Places places, Map<String, JpegImage> inspected, List<CandidateImages.Part> parts,
                                           String password) {
        return images.decode(places.decode(), inspected, parts)
                .compose(imgs -> passwords.hash(places.hash(), password).map(hash -> new Ready(imgs, hash)));
    }

    private Future<Void> refuseBound(String phone, String idNumber) {
        return accounts.phoneBound(phone).compose(bound -> bound ? Future.failedFuture(phoneTaken())
                : repo.idNumberKnown(idNumber).compose(known -> known ? Future.failedFuture(idNumberTaken()) : Future.succeededFuture()));
    }

    /**
     * Runs {@code work} while holding the phone and ID number claims, and releases them however it ends. The work
     * itself asks PostgreSQL whether the phone or ID number is bound: asked before the claim, a request could pass
     * that check, wait while another commits and releases, then take the claim and spend a hash on a bound identity.
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
        return Problem.conflict("PHONE_TAKEN", "problem.phone-taken.title", "problem.phone-taken.detail");
    }

    static Problem idNumberTaken() {
        return Problem.conflict("ID_NUMBER_TAKEN", "problem.id-number-taken.title",
                "problem.id-number-taken.detail");
    }
}
