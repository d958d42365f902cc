package cn.zikao.candidate;

/**
 * The SQL of the tables this module owns: {@code candidate}, {@code candidate_image}, {@code roster_entry} and
 * {@code admission_sequence}. PostgreSQL placeholders ($1) for the Vert.x client; JDBC ones (?) for the roster import.
 */
final class CandidateSql {
    private CandidateSql() {}

    static final String LOCK_ENROLMENT = "SELECT sitting_code FROM candidate WHERE id = $1 FOR UPDATE";

    static final String CHANGE_ENROLMENT = """
            UPDATE candidate SET sitting_code = $2, area_code = $3, major_code = $4, updated_at = now() WHERE id = $1""";

    static final String ID_KNOWN = """
            SELECT EXISTS (SELECT 1 FROM candidate WHERE id_number_hmac = $1)
                OR EXISTS (SELECT 1 FROM roster_entry WHERE id_number_hmac = $1) AS known""";

    static final String NEXT_ADMISSION_SEQ = """
            INSERT INTO admission_sequence (area_code, year2, term, last_seq) VALUES ($1, $2, $3, 1)
            ON CONFLICT (area_code, year2, term) DO UPDATE SET last_seq = admission_sequence.last_seq + 1
            RETURNING last_seq""";

    static final String SET_ADMISSION_NO = """
            UPDATE candidate SET admission_no = $2 WHERE id = $1""";

    /**
     * Named parameters ({@code #{name}}, {@link io.vertx.sqlclient.templates.SqlTemplate}): twenty-seven of them. No
     * masked number or birth date: those are computed from the decrypted ID number when read.
     */
    static final String INSERT = """
            INSERT INTO candidate (admission_no, name, id_number_enc, id_number_hmac, phone_enc, phone_hmac, pii_key_id,
                                   password_hash, gender, ethnicity,
                                   political_status, hukou, occupation, in_school, education, graduation_date, unit,
                                   province, city, county, address, candidate_type, sitting_code, area_code, major_code,
                                   source, id_card_consent_at)
            VALUES (#{admissionNo}, #{name}, #{idNumberEnc}, #{idNumberHmac}, #{phoneEnc}, #{phoneHmac}, #{piiKeyId},
                    #{passwordHash}, #{gender}, #{ethnicity},
                    #{politicalStatus}, #{hukou}, #{occupation}, #{inSchool}, #{education}, #{graduationDate}, #{unit},
                    #{province}, #{city}, #{county}, #{address}, #{candidateType}, #{sittingCode}, #{areaCode},
                    #{majorCode}, #{source}, #{consentAt})
            RETURNING id""";

    /** The content sealed with the personal-data key {@code pii_key_id}. */
    static final String PUT_IMAGE = """
            INSERT INTO candidate_image (candidate_id, kind, content, width, height, pii_key_id) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (candidate_id, kind) DO UPDATE
            SET content = EXCLUDED.content, width = EXCLUDED.width, height = EXCLUDED.height,
                pii_key_id = EXCLUDED.pii_key_id, updated_at = now()""";

    static final String ROSTER_ENTRY = """
            SELECT name, admission_no, gender, sitting_code, area_code, major_code, candidate_id
            FROM roster_entry WHERE id_number_hmac = $1""";

    static final String BIND_ROSTER = """
            UPDATE roster_entry SET candidate_id = $2 WHERE id_number_hmac = $1 AND candidate_id IS NULL""";

    static final String PROFILE_ME = """
            SELECT id, admission_no, name, id_number_enc, phone_enc, pii_key_id, gender, ethnicity, political_status,
                   hukou, occupation, in_school, education, graduation_date, unit, province, city, county, address,
                   candidate_type, sitting_code, area_code, major_code, source, created_at
              FROM candidate WHERE id = $1""";

    static final String PROFILE_PATCH = """
            UPDATE candidate SET ethnicity = COALESCE($2, ethnicity), political_status = COALESCE($3, political_status),
                   hukou = COALESCE($4, hukou), occupation = COALESCE($5, occupation), in_school = COALESCE($6, in_school),
                   education = COALESCE($7, education), graduation_date = COALESCE($8, graduation_date),
                   unit = COALESCE($9, unit), address = COALESCE($10, address), province = COALESCE($11, province),
                   city = COALESCE($12, city), county = COALESCE($13, county), updated_at = now()
             WHERE id = $1""";

    static final String PROFILE_PHOTO = """
            SELECT content, pii_key_id FROM candidate_image WHERE candidate_id = $1 AND kind = 'PHOTO'""";

    static final String ROSTER_UPSERT = """
            INSERT INTO roster_entry (id_number_hmac, id_number_enc, pii_key_id, name, admission_no, gender, area_code,
                                      major_code)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id_number_hmac) DO UPDATE SET name = EXCLUDED.name, admission_no = EXCLUDED.admission_no,
                   gender = EXCLUDED.gender, area_code = EXCLUDED.area_code, major_code = EXCLUDED.major_code
             WHERE (roster_entry.name, roster_entry.admission_no, roster_entry.gender, roster_entry.area_code,
                    roster_entry.major_code)
                   IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.admission_no, EXCLUDED.gender, EXCLUDED.area_code,
                                     EXCLUDED.major_code)
            RETURNING (xmax = 0) AS inserted""";

    static final String ROSTER_NUMBER_USED = """
            SELECT 1 FROM candidate WHERE admission_no = ? AND id_number_hmac <> ?
            UNION ALL SELECT 1 FROM roster_entry WHERE admission_no = ? AND id_number_hmac <> ?""";

    /** Registrations take 准考证号 from these sequences, so they start after the numbers the roster already uses. */
    static final String ROSTER_RESERVE_NUMBER = """
            INSERT INTO admission_sequence (area_code, year2, term, last_seq) VALUES (?, ?, ?, ?)
            ON CONFLICT (area_code, year2, term) DO UPDATE
            SET last_seq = GREATEST(admission_sequence.last_seq, EXCLUDED.last_seq)""";

    /** seed-candidates: the candidate rows of a load test in one COPY (CSV). */
    static final String SEED_COPY = """
            COPY candidate (admission_no, name, id_number_enc, id_number_hmac, phone_enc, phone_hmac, pii_key_id,
                            password_hash, gender, ethnicity, political_status, hukou,
                            occupation, in_school, education, graduation_date, unit, province, city, county, address,
                            candidate_type, sitting_code, area_code, major_code, source, id_card_consent_at)
            FROM STDIN (FORMAT csv)""";

    /** A block of 准考证号 at once; the CHECK on last_seq refuses a block beyond 99999. */
    static final String SEED_RESERVE = """
            INSERT INTO admission_sequence (area_code, year2, term, last_seq) VALUES (?, ?, ?, ?)
            ON CONFLICT (area_code, year2, term) DO UPDATE SET last_seq = admission_sequence.last_seq + EXCLUDED.last_seq
            RETURNING last_seq""";

    static final String SEED_PHONES_TAKEN = "SELECT phone_hmac FROM candidate WHERE phone_hmac = ANY (?)";

    static final String SEED_SEEDED = "SELECT id FROM candidate WHERE admission_no BETWEEN ? AND ? ORDER BY admission_no";

    /** What 换绑手机号 checks and re-encrypts: the row's key id covers both the ID number and the phone. */
    static final String SIGN_IN_FACTS = """
            SELECT password_hash, id_number_enc, phone_enc, pii_key_id FROM candidate WHERE id = $1""";

    static final String SET_PASSWORD = """
            UPDATE candidate SET password_hash = $2, updated_at = now() WHERE id = $1""";

    static final String SET_PHONE = """
            UPDATE candidate SET id_number_enc = $2, phone_enc = $3, phone_hmac = $4, pii_key_id = $5,
                   updated_at = now()
             WHERE id = $1""";

    /** Who the 准考证 names, with the photo (each under its own key id). */
    static final String CARD = """
            SELECT c.name, c.gender, c.admission_no, c.id_number_enc, c.pii_key_id, i.content AS photo,
                   i.pii_key_id AS photo_key_id
              FROM candidate c LEFT JOIN candidate_image i ON i.candidate_id = c.id AND i.kind = 'PHOTO'
             WHERE c.id = $1""";
}
