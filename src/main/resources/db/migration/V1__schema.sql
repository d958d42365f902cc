-- Zikao schema. PostgreSQL is the truth: every invariant of DESIGN.md is enforced here, Redis only makes it fast.

-- ---------------------------------------------------------------- exam plan
CREATE TABLE sitting (
    code                   text PRIMARY KEY,
    name                   text        NOT NULL,
    registration_opens_at  timestamptz NOT NULL,
    registration_closes_at timestamptz NOT NULL,
    registration_fee_fen   integer     NOT NULL CHECK (registration_fee_fen >= 0),
    CHECK (registration_closes_at > registration_opens_at)
);

CREATE TABLE exam_area (
    sitting_code text NOT NULL REFERENCES sitting (code),
    code         text NOT NULL CHECK (code ~ '^[0-9]{4}$'),
    name         text NOT NULL,
    PRIMARY KEY (sitting_code, code)
);

CREATE TABLE exam_slot (
    sitting_code text        NOT NULL REFERENCES sitting (code),
    no           integer     NOT NULL CHECK (no > 0),
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    PRIMARY KEY (sitting_code, no),
    CHECK (ends_at > starts_at)
);

CREATE TABLE area_slot_capacity (
    sitting_code text    NOT NULL,
    area_code    text    NOT NULL,
    slot_no      integer NOT NULL,
    capacity     integer NOT NULL CHECK (capacity >= 0),
    PRIMARY KEY (sitting_code, area_code, slot_no),
    FOREIGN KEY (sitting_code, area_code) REFERENCES exam_area (sitting_code, code),
    FOREIGN KEY (sitting_code, slot_no) REFERENCES exam_slot (sitting_code, no)
);

CREATE TABLE course (
    sitting_code text    NOT NULL,
    code         text    NOT NULL CHECK (code ~ '^[0-9]{5}$'),
    name         text    NOT NULL,
    fee_fen      integer NOT NULL CHECK (fee_fen >= 0),
    slot_no      integer NOT NULL,
    PRIMARY KEY (sitting_code, code),
    FOREIGN KEY (sitting_code, slot_no) REFERENCES exam_slot (sitting_code, no)
);

CREATE TABLE major (
    sitting_code text NOT NULL REFERENCES sitting (code),
    code         text NOT NULL,
    name         text NOT NULL,
    level        text NOT NULL,
    PRIMARY KEY (sitting_code, code)
);

CREATE TABLE major_course (
    sitting_code text    NOT NULL,
    major_code   text    NOT NULL,
    course_code  text    NOT NULL,
    position     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (sitting_code, major_code, course_code),
    FOREIGN KEY (sitting_code, major_code) REFERENCES major (sitting_code, code),
    FOREIGN KEY (sitting_code, course_code) REFERENCES course (sitting_code, code)
);

-- ---------------------------------------------------------------- candidates
-- ID and phone numbers: AES-GCM ciphertext (key id beside it), an HMAC for lookups and uniqueness
-- (invariant 3), and the masked form for display. The clear value is stored nowhere.
CREATE TABLE candidate (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    admission_no        text UNIQUE CHECK (admission_no ~ '^[0-9]{12}$'),
    name                text        NOT NULL,
    id_number_enc       bytea       NOT NULL,
    id_number_hmac      bytea       NOT NULL,
    id_number_masked    text        NOT NULL,
    phone_enc           bytea,
    phone_hmac          bytea,
    phone_masked        text,
    pii_key_id          text        NOT NULL,
    password_hash       text,
    gender              char(1) CHECK (gender IN ('M', 'F')),
    birth_date          date,
    ethnicity           text CHECK (ethnicity ~ '^[0-9]{2}$'),
    political_status    text CHECK (political_status ~ '^[0-9]{2}$'),
    hukou               text CHECK (hukou IN ('URBAN', 'RURAL')),
    occupation          text,
    in_school           boolean,
    education           text,
    graduation_date     text,
    unit                text,
    province            text,
    city                text,
    county              text,
    address             text,
    candidate_type      text,
    sitting_code        text,
    area_code           text,
    major_code          text,
    source              text        NOT NULL CHECK (source IN ('REGISTERED', 'ROSTER')),
    id_card_consent_at  timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX candidate_id_number_uq ON candidate (id_number_hmac);
CREATE UNIQUE INDEX candidate_phone_uq ON candidate (phone_hmac) WHERE phone_hmac IS NOT NULL;

-- Images apart from identity rows, served only to their owner.
CREATE TABLE candidate_image (
    candidate_id bigint      NOT NULL REFERENCES candidate (id),
    kind         text        NOT NULL CHECK (kind IN ('ID_CARD_FRONT', 'ID_CARD_BACK', 'PHOTO')),
    content      bytea       NOT NULL,
    width        integer     NOT NULL,
    height       integer     NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (candidate_id, kind)
);

-- 在籍 candidates imported by operators; completed into a candidate row by 完善资料.
CREATE TABLE roster_entry (
    id_number_hmac   bytea PRIMARY KEY,
    id_number_enc    bytea       NOT NULL,
    id_number_masked text        NOT NULL,
    pii_key_id       text        NOT NULL,
    name             text        NOT NULL,
    admission_no     text        NOT NULL UNIQUE CHECK (admission_no ~ '^[0-9]{12}$'),
    gender           char(1) CHECK (gender IN ('M', 'F')),
    birth_date       date,
    sitting_code     text,
    area_code        text,
    major_code       text,
    candidate_id     bigint REFERENCES candidate (id),
    imported_at      timestamptz NOT NULL DEFAULT now()
);

-- 准考证号 sequences: area (4) + year (2) + term (1) + sequence (5).
CREATE TABLE admission_sequence (
    area_code text    NOT NULL,
    year2     text    NOT NULL,
    term      text    NOT NULL,
    last_seq  integer NOT NULL CHECK (last_seq BETWEEN 0 AND 99999),
    PRIMARY KEY (area_code, year2, term)
);

-- ---------------------------------------------------------------- SMS
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

-- ---------------------------------------------------------------- registration for exams
CREATE TABLE notice_ack (
    candidate_id bigint      NOT NULL REFERENCES candidate (id),
    sitting_code text        NOT NULL REFERENCES sitting (code),
    acked_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (candidate_id, sitting_code)
);

CREATE TABLE exam_order (
    id               uuid PRIMARY KEY,
    out_trade_no     text        NOT NULL UNIQUE CHECK (out_trade_no ~ '^[0-9A-Za-z_-]{6,32}$'),
    candidate_id     bigint      NOT NULL REFERENCES candidate (id),
    sitting_code     text        NOT NULL REFERENCES sitting (code),
    area_code        text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('UNPAID', 'PAYING', 'PAID', 'VOID')),
    total_fen        integer     NOT NULL CHECK (total_fen >= 0),
    has_registration_fee boolean NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    paid_at          timestamptz,
    voided_at        timestamptz,
    void_reason      text,
    provider         text,
    code_url         text,
    paying_since     timestamptz,
    last_checked_at  timestamptz,
    CHECK ((status = 'PAID') = (paid_at IS NOT NULL)),
    CHECK (status <> 'PAYING' OR code_url IS NOT NULL)
);
-- Invariant 4: at most one open order per candidate per sitting.
CREATE UNIQUE INDEX exam_order_one_open ON exam_order (candidate_id, sitting_code) WHERE status IN ('UNPAID', 'PAYING');
CREATE INDEX exam_order_open_expiry ON exam_order (expires_at) WHERE status IN ('UNPAID', 'PAYING');
CREATE INDEX exam_order_candidate ON exam_order (candidate_id, created_at DESC);

CREATE TABLE order_line (
    order_id    uuid    NOT NULL REFERENCES exam_order (id),
    line_no     integer NOT NULL,
    kind        text    NOT NULL CHECK (kind IN ('REGISTRATION_FEE', 'COURSE')),
    course_code text,
    slot_no     integer,
    amount_fen  integer NOT NULL CHECK (amount_fen >= 0),
    PRIMARY KEY (order_id, line_no),
    CHECK ((kind = 'COURSE') = (course_code IS NOT NULL AND slot_no IS NOT NULL))
);

-- One row per seat an order holds. HELD while the order is open, PAID once paid, RELEASED when voided.
CREATE TABLE enrollment (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     uuid        NOT NULL REFERENCES exam_order (id),
    candidate_id bigint      NOT NULL REFERENCES candidate (id),
    sitting_code text        NOT NULL,
    area_code    text        NOT NULL,
    slot_no      integer     NOT NULL,
    course_code  text        NOT NULL,
    seat_no      integer     NOT NULL CHECK (seat_no > 0),
    status       text        NOT NULL CHECK (status IN ('HELD', 'PAID', 'RELEASED')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (sitting_code, area_code, slot_no) REFERENCES area_slot_capacity (sitting_code, area_code, slot_no),
    FOREIGN KEY (sitting_code, course_code) REFERENCES course (sitting_code, code)
);
-- Invariant 1: a seat is held by one active enrolment at most ...
CREATE UNIQUE INDEX enrollment_seat_uq ON enrollment (sitting_code, area_code, slot_no, seat_no) WHERE status <> 'RELEASED';
-- Invariant 2: one course per slot per candidate, and a course once.
CREATE UNIQUE INDEX enrollment_slot_uq ON enrollment (candidate_id, sitting_code, slot_no) WHERE status <> 'RELEASED';
CREATE UNIQUE INDEX enrollment_course_uq ON enrollment (candidate_id, sitting_code, course_code) WHERE status <> 'RELEASED';
CREATE INDEX enrollment_order ON enrollment (order_id);

-- ... and seat numbers never exceed the area-slot capacity, so seats held <= capacity without a counter row.
CREATE FUNCTION enrollment_within_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'RELEASED' AND NEW.seat_no > (
        SELECT capacity FROM area_slot_capacity
         WHERE sitting_code = NEW.sitting_code AND area_code = NEW.area_code AND slot_no = NEW.slot_no) THEN
        RAISE EXCEPTION 'seat % beyond capacity', NEW.seat_no USING ERRCODE = '23514', CONSTRAINT = 'enrollment_within_capacity';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER enrollment_within_capacity BEFORE INSERT OR UPDATE OF seat_no, status ON enrollment
    FOR EACH ROW EXECUTE FUNCTION enrollment_within_capacity();

-- ---------------------------------------------------------------- payments
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

-- ---------------------------------------------------------------- audit
CREATE TABLE audit_event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text        NOT NULL,
    action     text        NOT NULL,
    subject    text,
    detail     jsonb
);
CREATE INDEX audit_event_at ON audit_event (at);
