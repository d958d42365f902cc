package cn.zikao.enrollment;

import cn.zikao.candidate.CandidateEnrolments;
import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;

/** Reading the notice (报考须知) and 考籍更改: what a candidate changes about their enrolment before ordering. */
final class EnrolmentChanges {
    private final ExamPlan plan;
    private final Pool pg;
    private final Clock clock;
    private final CandidateProfiles profiles;
    private final CandidateEnrolments candidates;

    /** A candidate's enrolment in a sitting. */
    record Enrolment(String sittingCode, String areaCode, String majorCode) {}

    EnrolmentChanges(ExamPlan plan, Pool pg, Clock clock, CandidateProfiles profiles, CandidateEnrolments candidates) {
        this.plan = plan;
        this.pg = pg;
        this.clock = clock;
        this.profiles = profiles;
        this.candidates = candidates;
    }

    Future<Void> ackNotice(long candidateId, ExamPlan.Sitting sitting) {
        return pg.preparedQuery(OrderSql.ACK_NOTICE)
                .execute(Tuple.of(candidateId, sitting.code(), clock.instant().atOffset(Times.CHINA))).mapEmpty();
    }

    /**
     * 考籍更改: refused once an order of the new or the current sitting is paid, or while one is open. The
     * candidate's row is locked first, so the check and the change commit together.
     */
    Future<Enrolment> change(long candidateId, Enrolment to) {
        List<FieldError> errors = plan.unknownEnrolment(to.sittingCode() == null ? null
                : plan.sitting(to.sittingCode()).orElse(null), to.areaCode(), to.majorCode());
        if (!errors.isEmpty()) {
            return Future.failedFuture(Problem.validation(errors));
        }
        return pg.withTransaction(tx -> candidates.lockCurrentSitting(tx, candidateId)
                .compose(current -> tx.preparedQuery(OrderSql.ENROLMENT_LOCKS)
                        .execute(Tuple.of(candidateId, to.sittingCode(), current)))
                .compose(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getBoolean("paid")) {
                        return Future.failedFuture(Refusals.orderPaid());
                    }
                    if (r.getBoolean("open")) {
                        return Future.failedFuture(Refusals.openOrderExists());
                    }
                    return candidates.change(tx, candidateId, to.sittingCode(), to.areaCode(), to.majorCode());
                }))
                .map(v -> {
                    profiles.forget(candidateId, plan.sittings().stream().map(ExamPlan.Sitting::code).toList());
                    return to;
                });
    }
}
