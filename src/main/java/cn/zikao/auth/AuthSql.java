package cn.zikao.auth;

/** The SQL of the tables this module owns: {@code revoked_session} and {@code session_cutoff}. */
final class AuthSql {
    private AuthSql() {}

    static final String REVOKE = """
            INSERT INTO revoked_session (jti, candidate_id, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (jti) DO NOTHING""";

    /** A later reset moves the cutoff forward, never back. */
    static final String CUT_OFF = """
            INSERT INTO session_cutoff (candidate_id, issued_until, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (candidate_id) DO UPDATE
            SET issued_until = GREATEST(session_cutoff.issued_until, EXCLUDED.issued_until),
                expires_at = GREATEST(session_cutoff.expires_at, EXCLUDED.expires_at)""";

    /** The session check when Redis has lost its copy. $3: when the token was issued. */
    static final String DEAD = """
            SELECT EXISTS (SELECT 1 FROM revoked_session WHERE jti = $1)
                OR EXISTS (SELECT 1 FROM session_cutoff WHERE candidate_id = $2 AND issued_until >= $3) AS dead""";

    static final String LIVE_REVOCATIONS = """
            SELECT jti, candidate_id, expires_at FROM revoked_session WHERE expires_at > $1""";

    static final String LIVE_CUTOFFS = """
            SELECT candidate_id, issued_until, expires_at FROM session_cutoff WHERE expires_at > $1""";

    static final String PRUNE_REVOCATIONS = "DELETE FROM revoked_session WHERE expires_at <= $1";

    static final String PRUNE_CUTOFFS = "DELETE FROM session_cutoff WHERE expires_at <= $1";
}
