-- Module plan (cn.zikao.plan) owns these tables: the exam plan of each sitting.
-- Zikao schema. PostgreSQL is the truth: every invariant of the README ("Invariants") is enforced here, Redis only makes it fast.
-- One migration per owning module, numbered in the order the modules stack: plan, candidate, sms, enrollment, payment.

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
    -- Redundant with the primary key, it lets enrollment_course_slot_fkey (V4) tie an enrolment's slot to its
    -- course's slot, so enrollment_slot_uq also keeps a course to once per candidate.
    CONSTRAINT course_slot_uq UNIQUE (sitting_code, code, slot_no),
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
