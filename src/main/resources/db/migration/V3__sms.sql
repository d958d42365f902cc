-- Module sms (cn.zikao.sms) owns this table: the SMS outbox.

-- Outbox: a request only inserts; a dispatcher sends. The body (it may hold a code) is encrypted.
CREATE TABLE sms_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone_enc       bytea       NOT NULL,
    phone_hmac      bytea       NOT NULL,
    pii_key_id      text        NOT NULL,
    purpose         text        NOT NULL,
    template_code   text        NOT NULL,
    params_enc      bytea       NOT NULL,
    status          text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    provider_ref    text,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX sms_outbox_due ON sms_outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX sms_outbox_phone ON sms_outbox (phone_hmac, created_at DESC);
