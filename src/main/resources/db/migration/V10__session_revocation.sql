-- Module auth (cn.zikao.auth) owns these tables: revoked sessions, so that a revocation outlives a Redis that lost
-- its data. Redis caches both (zk:{rvN}:*); a row can go once no token it refuses could still be unexpired.

-- One logged-out token (its jti) until the token would have expired anyway.
CREATE TABLE revoked_session (
    jti          text PRIMARY KEY,
    candidate_id bigint      NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX revoked_session_expiry ON revoked_session (expires_at);

-- Every session of a candidate issued at or before issued_until is dead (password reset).
CREATE TABLE session_cutoff (
    candidate_id bigint PRIMARY KEY REFERENCES candidate (id),
    issued_until timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX session_cutoff_expiry ON session_cutoff (expires_at);
