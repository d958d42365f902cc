package cn.zikao.auth;

import cn.zikao.platform.LuaScript;
import cn.zikao.platform.RedisStore;
import cn.zikao.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revoked sessions: PostgreSQL holds them, Redis caches them so that every authenticated request costs one Redis
 * round trip. The keys are spread over {@link #BUCKETS} hash tags by candidate, each tag with a {@code loaded}
 * marker written once the bucket was filled from PostgreSQL: a bucket without it (Redis lost its data) is
 * answered from PostgreSQL while this instance fills Redis again.
 */
final class Revocations {
    private static final Logger LOG = LoggerFactory.getLogger(Revocations.class);
    static final int BUCKETS = 16;
    private static final int CHUNK = 500;
    // KEYS: the bucket's marker, the jti's key, the candidate's cutoff key. ARGV: issued ms. 0 live, 1 revoked, 2 not loaded.
    private static final LuaScript CHECK = LuaScript.of(Revocations.class, "revocation-check.lua");
    // KEYS: the bucket's marker, then entry keys. ARGV: 'mark' or '', then value and ttl ms per entry. Keeps the greater value.
    private static final LuaScript FILL = LuaScript.of(Revocations.class, "revocation-fill.lua");

    private final Pool pg;
    private final RedisStore redis;
    private final Clock clock;
    private final int sessionTtlSeconds;
    private Future<Void> filling;

    /** A cached fact: a key, its value (the revocation's time, or 1) and how long it matters. */
    private record Entry(int bucket, String key, long value, long ttlMs) {}

    Revocations(Pool pg, RedisStore redis, Clock clock, int sessionTtlSeconds) {
        this.pg = pg;
        this.redis = redis;
        this.clock = clock;
        this.sessionTtlSeconds = sessionTtlSeconds;
    }

    /** Whether the session is dead: its jti revoked, or issued at or before its candidate's cutoff. */
    Future<Boolean> dead(long candidateId, String jti, long issuedMs) {
        return redis.eval(CHECK, List.of(marker(bucket(candidateId)), jtiKey(candidateId, jti), cutKey(candidateId)),
                List.of(String.valueOf(issuedMs))).compose(r -> {
                    int answer = r.toInteger();
                    if (answer < 2) {
                        return Future.succeededFuture(answer == 1);
                    }
                    fill();
                    return pg.preparedQuery(AuthSql.DEAD).execute(Tuple.of(jti, candidateId, at(issuedMs)))
                            .map(rows -> rows.iterator().next().getBoolean("dead"));
                });
    }

    /** Logout: the jti is refused until it expires. Redis is written inside the transaction, so a failure keeps neither. */
    Future<Void> revoke(long candidateId, String jti, Instant expiresAt) {
        Entry e = new Entry(bucket(candidateId), jtiKey(candidateId, jti), 1, ttlMs(expiresAt));
        return pg.withTransaction(tx -> tx.preparedQuery(AuthSql.REVOKE)
                .execute(Tuple.of(jti, candidateId, expiresAt.atOffset(Times.CHINA)))
                .compose(v -> write(e.bucket(), List.of(e), false)));
    }

    /** Every session of the candidate issued until now is dead, committed with the caller's transaction. */
    Future<Void> cutOff(SqlClient tx, long candidateId) {
        Instant now = clock.instant();
        Instant expires = now.plusSeconds(sessionTtlSeconds + 5L);
        Entry e = new Entry(bucket(candidateId), cutKey(candidateId), now.toEpochMilli(), ttlMs(expires));
        return tx.preparedQuery(AuthSql.CUT_OFF).execute(Tuple.of(candidateId, at(now.toEpochMilli()), expires.atOffset(Times.CHINA)))
                .compose(v -> write(e.bucket(), List.of(e), false));
    }

    /**
     * Fills Redis from PostgreSQL and marks every bucket loaded, then writes the rows again: a revocation whose own
     * Redis write was lost between the first read and the marks is in the second read. One fill at a time here.
     */
    synchronized Future<Void> fill() {
        if (filling == null) {
            filling = load(true).compose(v -> load(false)).onComplete(ar -> {
                synchronized (this) {
                    filling = null;
                }
                if (ar.failed()) {
                    LOG.warn("revocations not refilled: {}", ar.cause().toString());
                }
            });
        }
        return filling;
    }

    /** Expired rows go: no token they refuse is still unexpired (Redis keys expire by themselves). */
    Future<Integer> prune() {
        OffsetDateTime now = clock.instant().atOffset(Times.CHINA);
        return pg.preparedQuery(AuthSql.PRUNE_REVOCATIONS).execute(Tuple.of(now))
                .compose(a -> pg.preparedQuery(AuthSql.PRUNE_CUTOFFS).execute(Tuple.of(now))
                        .map(b -> a.rowCount() + b.rowCount()));
    }

    private Future<Void> load(boolean mark) {
        Tuple now = Tuple.of(clock.instant().atOffset(Times.CHINA));
        return pg.preparedQuery(AuthSql.LIVE_REVOCATIONS).execute(now)
                .compose(jtis -> pg.preparedQuery(AuthSql.LIVE_CUTOFFS).execute(now).compose(cuts -> {
                    List<List<Entry>> byBucket = entries(jtis, cuts);
                    List<Future<Void>> all = new ArrayList<>();
                    for (int b = 0; b < BUCKETS; b++) {
                        all.add(writeChunks(b, byBucket.get(b), 0, mark));
                    }
                    return Future.all(all).mapEmpty();
                }));
    }

    private List<List<Entry>> entries(RowSet<Row> jtis, RowSet<Row> cuts) {
        List<List<Entry>> byBucket = new ArrayList<>();
        for (int b = 0; b < BUCKETS; b++) {
            byBucket.add(new ArrayList<>());
        }
        for (Row r : jtis) {
            long c = r.getLong("candidate_id");
            byBucket.get(bucket(c)).add(new Entry(bucket(c), jtiKey(c, r.getString("jti")), 1,
                    ttlMs(r.getOffsetDateTime("expires_at").toInstant())));
        }
        for (Row r : cuts) {
            long c = r.getLong("candidate_id");
            byBucket.get(bucket(c)).add(new Entry(bucket(c), cutKey(c), r.getOffsetDateTime("issued_until").toInstant().toEpochMilli(),
                    ttlMs(r.getOffsetDateTime("expires_at").toInstant())));
        }
        return byBucket;
    }

    /** A bucket's entries in chunks, one after another; the last chunk (maybe empty) sets the marker. */
    private Future<Void> writeChunks(int bucket, List<Entry> entries, int from, boolean mark) {
        int to = Math.min(entries.size(), from + CHUNK);
        boolean last = to == entries.size();
        return write(bucket, entries.subList(from, to), last && mark)
                .compose(v -> last ? Future.succeededFuture() : writeChunks(bucket, entries, to, mark));
    }

    private Future<Void> write(int bucket, List<Entry> entries, boolean mark) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        keys.add(marker(bucket));
        args.add(mark ? "mark" : "");
        for (Entry e : entries) {
            keys.add(e.key());
            args.add(String.valueOf(e.value()));
            args.add(String.valueOf(e.ttlMs()));
        }
        return redis.eval(FILL, keys, args).mapEmpty();
    }

    private long ttlMs(Instant expiresAt) {
        return Math.max(0, expiresAt.toEpochMilli() - clock.millis() + 5_000);
    }

    private static OffsetDateTime at(long epochMs) {
        return Instant.ofEpochMilli(epochMs).atOffset(Times.CHINA);
    }

    static int bucket(long candidateId) {
        return (int) Math.floorMod(candidateId, (long) BUCKETS);
    }

    private static String marker(int bucket) {
        return "zk:{rv" + bucket + "}:loaded";
    }

    private static String jtiKey(long candidateId, String jti) {
        return "zk:{rv" + bucket(candidateId) + "}:jti:" + jti;
    }

    private static String cutKey(long candidateId) {
        return "zk:{rv" + bucket(candidateId) + "}:cut:" + candidateId;
    }
}
