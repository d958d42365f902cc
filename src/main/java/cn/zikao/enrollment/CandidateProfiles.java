package cn.zikao.enrollment;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an order needs to know of its candidate (sitting, area, major, notice read), kept in memory once the
 * notice is read so that placing an order costs one PostgreSQL round trip. The order statement itself checks
 * the profile again, so a stale entry (考籍更改 on another instance) only costs a retry, never a wrong order.
 */
final class CandidateProfiles {
    private static final int MAX_ENTRIES = 200_000;

    /** A candidate's enrolment in a sitting as PostgreSQL last said. */
    record Profile(String sittingCode, String areaCode, String majorCode, boolean acked, boolean open) {}

    private final Pool pg;
    private final Map<String, Profile> known = new ConcurrentHashMap<>();

    CandidateProfiles(Pool pg) {
        this.pg = pg;
    }

    /** The profile, from memory when the notice is known to be read; null if the candidate does not exist. */
    Future<Profile> get(long candidateId, String sitting) {
        Profile p = known.get(candidateId + ":" + sitting);
        return p != null ? Future.succeededFuture(p) : fresh(candidateId, sitting);
    }

    Future<Profile> fresh(long candidateId, String sitting) {
        return pg.preparedQuery(OrderSql.CANDIDATE).execute(Tuple.of(candidateId, sitting)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return null;
            }
            Row c = rows.iterator().next();
            Profile p = new Profile(c.getString("sitting_code"), c.getString("area_code"), c.getString("major_code"),
                    c.getBoolean("acked"), c.getBoolean("open"));
            if (p.acked()) {
                if (known.size() > MAX_ENTRIES) {
                    known.clear();
                }
                known.put(candidateId + ":" + sitting, new Profile(p.sittingCode(), p.areaCode(), p.majorCode(), true, false));
            }
            return p;
        });
    }

    /** After 考籍更改 on this instance. */
    void forget(long candidateId, Iterable<String> sittings) {
        sittings.forEach(s -> known.remove(candidateId + ":" + s));
    }
}
