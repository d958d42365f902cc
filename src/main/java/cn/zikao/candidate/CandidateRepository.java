package cn.zikao.candidate;

import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Problem;
import cn.zikao.sms.SmsOutbox;
import cn.zikao.sms.SmsPurpose;
import cn.zikao.sms.SmsTemplates;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Candidates, their images and the roster in PostgreSQL. The unique indexes on the HMACs are the truth. */
final class CandidateRepository {
    private static final String PHONE_BOUND = "SELECT 1 FROM candidate WHERE phone_hmac = $1";
    private static final String ID_KNOWN = "SELECT EXISTS (SELECT 1 FROM candidate WHERE id_number_hmac = $1) "
            + "OR EXISTS (SELECT 1 FROM roster_entry WHERE id_number_hmac = $1) AS known";
    private static final String NEXT_ADMISSION_SEQ = "INSERT INTO admission_sequence (area_code, year2, term, last_seq) "
            + "VALUES ($1, $2, $3, 1) ON CONFLICT (area_code, year2, term) "
            + "DO UPDATE SET last_seq = admission_sequence.last_seq + 1 RETURNING last_seq";
    private static final String SET_ADMISSION_NO = "UPDATE candidate SET admission_no = $2 WHERE id = $1";
    private static final String INSERT = "INSERT INTO candidate (admission_no, name, id_number_enc, id_number_hmac, "
            + "id_number_masked, phone_enc, phone_hmac, phone_masked, pii_key_id, password_hash, gender, birth_date, "
            + "ethnicity, political_status, hukou, occupation, in_school, education, graduation_date, unit, province, city, "
            + "county, address, candidate_type, sitting_code, area_code, major_code, source, id_card_consent_at) VALUES "
            + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, "
            + "$24, $25, $26, $27, $28, $29, $30) RETURNING id";
    private static final String PUT_IMAGE = "INSERT INTO candidate_image (candidate_id, kind, content, width, height) "
            + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (candidate_id, kind) DO UPDATE SET content = EXCLUDED.content, "
            + "width = EXCLUDED.width, height = EXCLUDED.height, updated_at = now()";
    private static final String ROSTER_ENTRY = "SELECT name, admission_no, gender, birth_date, sitting_code, area_code, "
            + "major_code, candidate_id FROM roster_entry WHERE id_number_hmac = $1";
    private static final String BIND_ROSTER = "UPDATE roster_entry SET candidate_id = $2 WHERE id_number_hmac = $1 AND candidate_id IS NULL";

    private final Pool pg;
    private final PiiCipher pii;
    private final SmsOutbox outbox;

    /** A new candidate row: who, how they sign in, and what they told us. */
    record NewCandidate(String admissionNo, String name, String idNumber, String phone, String passwordHash, String gender,
                        LocalDate birthDate, RegistrationForm form, String sittingCode, String areaCode,
                        String majorCode, String source, Instant consentAt) {}

    record Registered(long candidateId, String admissionNo) {}

    record RosterEntry(String name, String admissionNo, String gender, LocalDate birthDate, String sittingCode,
                       String areaCode, String majorCode, Long candidateId) {}

    CandidateRepository(Pool pg, PiiCipher pii, SmsOutbox outbox) {
        this.pg = pg;
        this.pii = pii;
        this.outbox = outbox;
    }

    Future<Boolean> phoneBound(String phone) {
        return pg.preparedQuery(PHONE_BOUND).execute(Tuple.of(hmac(phone))).map(rows -> rows.size() > 0);
    }

    Future<Boolean> idNumberKnown(String idNumber) {
        return pg.preparedQuery(ID_KNOWN).execute(Tuple.of(hmac(idNumber))).map(rows -> rows.iterator().next().getBoolean("known"));
    }

    /**
     * 新生注册 in one transaction: the candidate, the images, the next 准考证号 of the area and term, and the success SMS
     * naming it (queued in the outbox, so it is sent exactly when the registration commits). The number is taken
     * last: its sequence row is the one lock every registration of the area and term waits for, so it is held briefly.
     */
    Future<Registered> register(NewCandidate c, String year2, String term, Map<String, JpegImage> images) {
        return pg.withTransaction(tx -> insert(tx, c, images)
                        .compose(id -> tx.preparedQuery(NEXT_ADMISSION_SEQ).execute(Tuple.of(c.areaCode(), year2, term))
                                .map(rows -> c.areaCode() + year2 + term
                                        + String.format("%05d", rows.iterator().next().getInteger("last_seq")))
                                .compose(no -> tx.preparedQuery(SET_ADMISSION_NO).execute(Tuple.of(id, no))
                                        .compose(v -> outbox.enqueue(tx, c.phone(), SmsPurpose.REGISTER.name(),
                                                SmsTemplates.REGISTERED, Map.of("admissionNo", no)))
                                        .map(v -> new Registered(id, no)))))
                .recover(e -> Future.failedFuture(conflict(e, "ID_NUMBER_TAKEN")));
    }

    Future<RosterEntry> rosterEntry(String idNumber) {
        return pg.preparedQuery(ROSTER_ENTRY).execute(Tuple.of(hmac(idNumber))).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new RosterEntry(r.getString("name"), r.getString("admission_no"), r.getString("gender"),
                    r.getLocalDate("birth_date"), r.getString("sitting_code"), r.getString("area_code"),
                    r.getString("major_code"), r.getLong("candidate_id"));
        });
    }

    /** 完善资料: the candidate row from the roster entry, its images, and the entry bound to it, all or nothing. */
    Future<Long> completeFromRoster(NewCandidate c, Map<String, JpegImage> images) {
        return pg.withTransaction(tx -> insert(tx, c, images).compose(id -> tx.preparedQuery(BIND_ROSTER)
                        .execute(Tuple.of(hmac(c.idNumber()), id))
                        .compose(r -> r.rowCount() == 1 ? Future.succeededFuture(id) : Future.failedFuture(alreadyCompleted()))))
                .recover(e -> Future.failedFuture(conflict(e, "PROFILE_ALREADY_COMPLETED")));
    }

    Future<Void> replaceImages(long candidateId, Map<String, JpegImage> images) {
        return putImages(pg, candidateId, images);
    }

    private Future<Void> putImages(SqlClient client, long candidateId, Map<String, JpegImage> images) {
        List<Tuple> batch = new ArrayList<>();
        images.forEach((kind, img) -> batch.add(Tuple.of(candidateId, kind, Buffer.buffer(img.bytes()), img.width(), img.height())));
        return client.preparedQuery(PUT_IMAGE).executeBatch(batch).mapEmpty();
    }

    private Future<Long> insert(SqlClient tx, NewCandidate c, Map<String, JpegImage> images) {
        RegistrationForm f = c.form();
        Tuple t = Tuple.from(Arrays.asList(c.admissionNo(), c.name(), Buffer.buffer(pii.encrypt(c.idNumber())), hmac(c.idNumber()),
                PiiCipher.maskIdNumber(c.idNumber()), Buffer.buffer(pii.encrypt(c.phone())), hmac(c.phone()),
                PiiCipher.maskPhone(c.phone()), pii.keyId(), c.passwordHash(), c.gender(), c.birthDate(),
                f == null ? null : f.ethnicity(), f == null ? null : f.politicalStatus(), f == null ? null : f.hukou(),
                f == null ? null : f.occupation(), f == null ? null : f.inSchool(), f == null ? null : f.education(),
                f == null ? null : f.graduationDate(), f == null ? null : f.unit(), f == null ? null : f.province(),
                f == null ? null : f.city(), f == null ? null : f.county(), f == null ? null : f.address(),
                f == null ? null : f.candidateType(), c.sittingCode(), c.areaCode(), c.majorCode(), c.source(),
                OffsetDateTime.ofInstant(c.consentAt(), ZoneOffset.UTC)));
        return tx.preparedQuery(INSERT).execute(t).compose(rows -> {
            long id = rows.iterator().next().getLong("id");
            return putImages(tx, id, images).map(v -> id);
        });
    }

    /** A unique index said no: the phone or ID number is bound already (the truth behind the Redis claims). */
    private static Throwable conflict(Throwable e, String idCode) {
        if (e instanceof PgException pe && "23505".equals(pe.getSqlState())) {
            String constraint = String.valueOf(pe.getConstraint());
            if (constraint.equals("candidate_phone_uq")) {
                return Registrations.phoneTaken();
            }
            if (idCode.equals("PROFILE_ALREADY_COMPLETED")) {
                return alreadyCompleted();
            }
            if (constraint.equals("candidate_id_number_uq")) {
                return Registrations.idNumberTaken();
            }
        }
        return e;
    }

    static Problem alreadyCompleted() {
        return Problem.conflict("PROFILE_ALREADY_COMPLETED", "资料已完善", "该考生已完善资料，请直接登录。");
    }

    private Buffer hmac(String clear) {
        return Buffer.buffer(pii.hmac(clear));
    }
}
