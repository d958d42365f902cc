-- Module payment (cn.zikao.payment) owns these tables: verified payment notifications and applied payments.

-- Invariant 5: every verified notification once (its id), every payment once (transaction id).
CREATE TABLE payment_notification (
    id             text PRIMARY KEY,
    provider       text        NOT NULL,
    event_type     text        NOT NULL,
    out_trade_no   text,
    transaction_id text,
    trade_state    text,
    amount_fen     integer,
    outcome        text        NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE payment (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider       text        NOT NULL,
    transaction_id text        NOT NULL,
    order_id       uuid REFERENCES exam_order (id),
    out_trade_no   text        NOT NULL,
    amount_fen     integer     NOT NULL,
    success_time   timestamptz,
    status         text        NOT NULL CHECK (status IN ('APPLIED', 'REFUND_DUE', 'AMOUNT_MISMATCH')),
    source         text        NOT NULL CHECK (source IN ('NOTIFICATION', 'QUERY')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, transaction_id)
);
CREATE INDEX payment_order ON payment (order_id);
CREATE INDEX payment_attention ON payment (created_at) WHERE status <> 'APPLIED';
