package cn.zikao.candidate;

import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Problem;
import cn.zikao.sms.SmsOutbox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Candidates, their images and the roster in PostgreSQL. The unique indexes on the HMACs are the truth. */
final class CandidateRepository {
    private final Pool pg;
    private final PiiCipher pii;
    private final SmsOutbox outbox;

    /** A new candidate row: who, how they sign in, and what they told us. */
    record NewCandidate(String admissionNo, String name, String idNumber, String phone, String passwordHash, String gender,
                        RegistrationForm form, String sittingCode, String areaCode,
                        String majorCode, String source, Instant consentAt) {}

    record Registered(long candidateId, String admissionNo) {}

    record RosterEntry(String name, String admissionNo, String gender, String sittingCode,
                       String areaCode, String majorCode, Long candidateId) {}

    CandidateRepository(Pool pg, PiiCipher pii, SmsOutbox outbox) {
        this.pg = pg;
        this.pii = pii;
        this.outbox = outbox;
    }

    Future<Boolean> idNumberKnown(String idNumber) {
        return pg.preparedQuery(CandidateSql.ID_KNOWN).execute(Tuple.of(hmac(idNumber))).map(rows -> rows.iterator().next().getBoolean("known"));
    }

    /**
     * 新生注册 in one transaction: the candidate, the images, the next 准考证号 of the area and term, and the success SMS
     * naming it in {@code lang} (queued in the outbox, so it is sent exactly when the registration commits). The number is taken
     * last: its sequence row is the one lock every registration of the area and term waits for, so it is held briefly.
     */
    Future<Registered> register(NewCandidate c, AdmissionNumber series, Map<String, JpegImage> images, String lang) {
        return pg.withTransaction(tx -> insert(tx, c, images)
                        .compose(id -> tx.preparedQuery(CandidateSql.NEXT_ADMISSION_SEQ).execute(Tuple.of(series.areaCode(), series.year2(), series.term()))
                                .map(rows -> series.withSequence(rows.iterator().next().getInteger("last_seq")).toString())
                                .compose(no -> tx.preparedQuery(CandidateSql.SET_ADMISSION_NO).execute(Tuple.of(id, no))
                                        .compose(v -> outbox.announceRegistration(tx, c.phone(), no, lang))
                                        .map(v -> new Registered(id, no)))))
                .recover(e -> Future.failedFuture(conflict(e, "ID_NUMBER_TAKEN")));
    }

    Future<RosterEntry> rosterEntry(String idNumber) {
        return pg.preparedQuery(CandidateSql.ROSTER_ENTRY).execute(Tuple.of(hmac(idNumber))).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new RosterEntry(r.getString("name"), r.getString("admission_no"), r.getString("gender"),
                    r.getString("sitting_code"), r.getString("area_code"),
                    r.getString("major_code"), r.getLong("candidate_id"));
        });
    }

    /** 完善资料: the candidate row from the roster entry, its images, and the entry bound to it, all or nothing. */
    Future<Long> completeFromRoster(NewCandidate c, Map<String, JpegImage> images) {
        return pg.withTransaction(tx -> insert(tx, c, images).compose(id -> tx.preparedQuery(CandidateSql.BIND_ROSTER)
                        .execute(Tuple.of(hmac(c.idNumber()), id))
                        .compose(r -> r.rowCount() == 1 ? Future.succeededFuture(id) : Future.failedFuture(alreadyCompleted()))))
                .recover(e -> Future.failedFuture(conflict(e, "PROFILE_ALREADY_COMPLETED")));
    }

    Future<Void> replaceImages(long candidateId, Map<String, JpegImage> images) {
        return putImages(pg, candidateId, images);
    }

    private Future<Void> putImages(SqlClient client, long candidateId, Map<String, JpegImage> images) {
        List<Tuple> batch = new ArrayList<>();
        images.forEach((kind, img) -> batch.add(Tuple.of(candidateId, kind, Buffer.buffer(pii.seal(img.bytes())), img.width(),
                img.height(), pii.keyId())));
        return client.preparedQuery(CandidateSql.PUT_IMAGE).executeBatch(batch).mapEmpty();
    }

    private Future<Long> insert(SqlClient tx, NewCandidate c, Map<String, JpegImage> images) {
        RegistrationForm f = c.form();
        Map<String, Object> p = new HashMap<>();
        p.put("admissionNo", c.admissionNo());
        p.put("name", c.name());
        p.put("idNumberEnc", Buffer.buffer(pii.encrypt(c.idNumber())));
        p.put("idNumberHmac", hmac(c.idNumber()));
        p.put("phoneEnc", Buffer.buffer(pii.encrypt(c.phone())));
        p.put("phoneHmac", hmac(c.phone()));
        p.put("piiKeyId", pii.keyId());
        p.put("passwordHash", c.passwordHash());
        p.put("gender", c.gender());
        p.put("ethnicity", f == null ? null : f.ethnicity());
        p.put("politicalStatus", f == null ? null : f.politicalStatus());
        p.put("hukou", f == null ? null : f.hukou());
        p.put("occupation", f == null ? null : f.occupation());
        p.put("inSchool", f == null ? null : f.inSchool());
        p.put("education", f == null ? null : f.education());
        p.put("graduationDate", f == null ? null : f.graduationDate());
        p.put("unit", f == null ? null : f.unit());
        p.put("province", f == null ? null : f.province());
        p.put("city", f == null ? null : f.city());
        p.put("county", f == null ? null : f.county());
        p.put("address", f == null ? null : f.address());
        p.put("candidateType", f == null ? null : f.candidateType());
        p.put("sittingCode", c.sittingCode());
        p.put("areaCode", c.areaCode());
        p.put("majorCode", c.majorCode());
        p.put("source", c.source());
        p.put("consentAt", OffsetDateTime.ofInstant(c.consentAt(), ZoneOffset.UTC));
        return SqlTemplate.forQuery(tx, CandidateSql.INSERT).execute(p).compose(rows -> {
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
        return Problem.conflict("PROFILE_ALREADY_COMPLETED", "problem.profile-already-completed.title",
                "problem.profile-already-completed.detail");
    }

    private Buffer hmac(String clear) {
        return Buffer.buffer(pii.hmac(clear));
    }
}
