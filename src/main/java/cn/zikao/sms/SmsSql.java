package cn.zikao.sms;

/** The SQL of the table this module owns: {@code sms_outbox}. */
final class SmsSql {
    private SmsSql() {}

    static final String INSERT = """
            INSERT INTO sms_outbox (phone_enc, phone_hmac, pii_key_id, purpose, template_code, params_enc)
            VALUES ($1, $2, $3, $4, $5, $6)""";

    static final String BY_PHONE = """
            SELECT purpose, template_code, params_enc, pii_key_id, status, created_at, sent_at FROM sms_outbox
            WHERE phone_hmac = $1 ORDER BY created_at DESC, id DESC LIMIT 50""";

    /** Claiming moves next_attempt_at ahead: a dispatcher that dies mid-send leaves the row to be retried later. */
    static final String CLAIM = """
            UPDATE sms_outbox SET attempts = attempts + 1, next_attempt_at = now() + interval '60 seconds'
            WHERE id IN (SELECT id FROM sms_outbox WHERE status = 'PENDING' AND next_attempt_at <= now()
            ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id, phone_enc, pii_key_id, purpose, template_code, params_enc, attempts""";

    static final String SENT = """
            UPDATE sms_outbox SET status = 'SENT', sent_at = now(), provider_ref = $2, last_error = NULL
            WHERE id = $1""";

    static final String RETRY_LATER = """
            UPDATE sms_outbox SET next_attempt_at = now() + make_interval(secs => $2), last_error = $3
            WHERE id = $1""";

    static final String FAILED = """
            UPDATE sms_outbox SET status = 'FAILED', last_error = $2 WHERE id = $1""";
}
