package cn.zikao.candidate;

import cn.zikao.identity.IdentityRules;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Times;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A candidate's own profile as {@code /api/v1/me} shows and changes it: masked identity, basic information, photo.
 * The masks and the birth date are computed from the decrypted numbers; the photo is decrypted when read.
 */
final class Profiles {

    private final Pool pg;
    private final PiiCipher pii;

    @Serdeable
    record MeView(long candidateId, String admissionNo, String name, String idNumberMasked, String phoneMasked,
                  String gender, String birthDate, String ethnicity, String politicalStatus, String hukou, String occupation,
                  Boolean inSchool, String education, String graduationDate, String unit, String province, String city,
                  String county, String address, String candidateType, String sittingCode, String areaCode,
                  String majorCode, String source, String registeredAt) {}

    @Serdeable
    record MePatch(String gender, String ethnicity, String politicalStatus, String hukou, String occupation, Boolean inSchool,
                   String education, String graduationDate, String unit, String address, String province, String city,
                   String county) {}

    Profiles(Pool pg, PiiCipher pii) {
        this.pg = pg;
        this.pii = pii;
    }

    Future<MeView> me(long candidateId) {
        return pg.preparedQuery(CandidateSql.PROFILE_ME).execute(Tuple.of(candidateId))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    Future<Void> patch(long candidateId, MePatch p) {
        return pg.preparedQuery(CandidateSql.PROFILE_PATCH).execute(Tuple.from(Arrays.asList(candidateId, p.ethnicity(), p.politicalStatus(),
                p.hukou(), p.occupation(), p.inSchool(), p.education(), p.graduationDate(), p.unit(), p.address(),
                p.province(), p.city(), p.county()))).mapEmpty();
    }

    Future<Buffer> photo(long candidateId) {
        return pg.preparedQuery(CandidateSql.PROFILE_PHOTO).execute(Tuple.of(candidateId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return Buffer.buffer(pii.openImage(r.getBuffer("content").getBytes(), r.getString("pii_key_id")));
                });
    }

    private MeView view(Row r) {
        String keyId = r.getString("pii_key_id");
        String idNumber = pii.decrypt(r.getBuffer("id_number_enc").getBytes(), keyId);
        Buffer phone = r.getBuffer("phone_enc");
        IdentityRules.IdFacts facts = IdentityRules.idNumber(idNumber, LocalDate.MAX);
        return new MeView(r.getLong("id"), r.getString("admission_no"), r.getString("name"), PiiCipher.maskIdNumber(idNumber),
                phone == null ? null : PiiCipher.maskPhone(pii.decrypt(phone.getBytes(), keyId)), r.getString("gender"),
                facts == null ? null : facts.birthDate().toString(),
                r.getString("ethnicity"), r.getString("political_status"), r.getString("hukou"), r.getString("occupation"),
                r.getBoolean("in_school"), r.getString("education"), r.getString("graduation_date"), r.getString("unit"),
                r.getString("province"), r.getString("city"), r.getString("county"), r.getString("address"),
                r.getString("candidate_type"), r.getString("sitting_code"), r.getString("area_code"),
                r.getString("major_code"), r.getString("source"), Times.iso(r.getOffsetDateTime("created_at")));
    }
}
