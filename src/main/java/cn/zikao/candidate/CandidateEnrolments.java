package cn.zikao.candidate;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * A candidate's enrolment (sitting, area, major) as 考籍更改 changes it, inside the caller's transaction so the
 * change commits with the order check that allows it. Locking the row first makes two changes take turns.
 */
public final class CandidateEnrolments {
    CandidateEnrolments() {}

    /** The sitting the candidate is enrolled in now (null if none), with their row locked until the commit. */
    public Future<String> lockCurrentSitting(SqlClient tx, long candidateId) {
        return tx.preparedQuery(CandidateSql.LOCK_ENROLMENT).execute(Tuple.of(candidateId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("sitting_code"));
    }

    public Future<Void> change(SqlClient tx, long candidateId, String sittingCode, String areaCode, String majorCode) {
        return tx.preparedQuery(CandidateSql.CHANGE_ENROLMENT)
                .execute(Tuple.of(candidateId, sittingCode, areaCode, majorCode)).mapEmpty();
    }
}
