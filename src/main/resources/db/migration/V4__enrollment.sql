-- Module enrollment (cn.zikao.enrollment) owns these tables: registration for exams (notice, orders, seats).

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
-- Whether the registration fee is still due reads the paid order carrying it, not every order of the candidate.
CREATE INDEX exam_order_fee_paid ON exam_order (candidate_id, sitting_code) WHERE status = 'PAID' AND has_registration_fee;

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

-- One row per seat an open or paid order holds: HELD while the order is open, PAID once paid.
-- Released seats are deleted rather than updated to a RELEASED status, a cheaper order write path with the
-- invariants unchanged (load-tests/RESULTS.md, "Orders"): a delete writes no index entry, where the update
-- wrote a new row version into every enrollment index and fired the capacity trigger. What a void order held
-- stays in its order_line rows. Every enrollment row is active, so the unique indexes below need no partial
-- predicate over active rows.
CREATE TABLE enrollment (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     uuid        NOT NULL REFERENCES exam_order (id),
    candidate_id bigint      NOT NULL REFERENCES candidate (id),
    sitting_code text        NOT NULL,
    area_code    text        NOT NULL,
    slot_no      integer     NOT NULL,
    course_code  text        NOT NULL,
    seat_no      integer     NOT NULL CHECK (seat_no > 0),
    status       text        NOT NULL CHECK (status IN ('HELD', 'PAID')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (sitting_code, area_code, slot_no) REFERENCES area_slot_capacity (sitting_code, area_code, slot_no),
    -- The enrolment's slot is its course's slot (through course_slot_uq).
    CONSTRAINT enrollment_course_slot_fkey
        FOREIGN KEY (sitting_code, course_code, slot_no) REFERENCES course (sitting_code, code, slot_no)
);
-- Invariant 1: a seat is held by one enrolment at most (and the trigger keeps seat numbers within capacity).
CREATE UNIQUE INDEX enrollment_seat_uq ON enrollment (sitting_code, area_code, slot_no, seat_no);
-- Invariant 2: one course per slot per candidate. The enrolment's slot is its course's slot (the foreign key
-- above), so two enrolments of one course would share a slot: this index also keeps a course to once.
CREATE UNIQUE INDEX enrollment_slot_uq ON enrollment (candidate_id, sitting_code, slot_no);
CREATE INDEX enrollment_order ON enrollment (order_id);

-- ... and seat numbers never exceed the area-slot capacity, so seats held <= capacity without a counter row.
CREATE FUNCTION enrollment_within_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seat_no > (
        SELECT capacity FROM area_slot_capacity
         WHERE sitting_code = NEW.sitting_code AND area_code = NEW.area_code AND slot_no = NEW.slot_no) THEN
        RAISE EXCEPTION 'seat % beyond capacity', NEW.seat_no USING ERRCODE = '23514', CONSTRAINT = 'enrollment_within_capacity';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER enrollment_within_capacity BEFORE INSERT OR UPDATE OF seat_no, status ON enrollment
    FOR EACH ROW EXECUTE FUNCTION enrollment_within_capacity();
