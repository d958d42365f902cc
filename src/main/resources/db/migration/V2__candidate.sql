-- Module candidate (cn.zikao.candidate) owns these tables: candidates, their images, the roster and 准考证号 sequences.

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
