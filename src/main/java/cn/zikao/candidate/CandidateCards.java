package cn.zikao.candidate;

import cn.zikao.platform.PiiCipher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** What a 准考证 shows of its candidate, for the enrolment module: name, gender, 准考证号, masked ID number, photo. */
public final class CandidateCards {
    private final Pool pg;
    private final PiiCipher pii;

    /** {@code gender} M or F (null if unknown), {@code photo} a JPEG or null. */
    public record Card(String name, String gender, String admissionNo, String idNumberMasked, byte[] photo) {}

    CandidateCards(Pool pg, PiiCipher pii) {
        this.pg = pg;
        this.pii = pii;
    }

    /** The candidate's card, or null when there is no such candidate. */
    public Future<Card> card(long candidateId) {
        return pg.preparedQuery(CandidateSql.CARD).execute(Tuple.of(candidateId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            Buffer photo = r.getBuffer("photo");
            String idNumber = pii.decrypt(r.getBuffer("id_number_enc").getBytes(), r.getString("pii_key_id"));
            return new Card(r.getString("name"), r.getString("gender"), r.getString("admission_no"),
                    PiiCipher.maskIdNumber(idNumber),
                    photo == null ? null : pii.openImage(photo.getBytes(), r.getString("photo_key_id")));
        });
    }
}
