package cn.zikao.candidate;

import cn.zikao.platform.Times;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;

/** A candidate's own profile as {@code /api/v1/me} shows and changes it: masked identity, basic information, photo. */
final class Profiles {
    private static final String ME = "SELECT id, admission_no, name, id_number_masked, phone_masked, gender, birth_date, "
            + "ethnicity, political_status, hukou, occupation, in_school, education, graduation_date, unit, province, city, "
            + "county, address, candidate_type, sitting_code, area_code, major_code, source, created_at "
            + "FROM candidate WHERE id = $1";
    private static final String PATCH = "UPDATE candidate SET ethnicity = COALESCE($2, ethnicity), "
            + "political_status = COALESCE($3, political_status), hukou = COALESCE($4, hukou), "
            + "occupation = COALESCE($5, occupation), in_school = COALESCE($6, in_school), education = COALESCE($7, education), "
            + "graduation_date = COALESCE($8, graduation_date), unit = COALESCE($9, unit), address = COALESCE($10, address), "
            + "province = COALESCE($11, province), city = COALESCE($12, city), county = COALESCE($13, county), "
            + "updated_at = now() WHERE id = $1";
    private static final String PHOTO = "SELECT content FROM candidate_image WHERE candidate_id = $1 AND kind = 'PHOTO'";

    private final Pool pg;

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

    Profiles(Pool pg) {
        this.pg = pg;
    }

    Future<MeView> me(long candidateId) {
        return pg.preparedQuery(ME).execute(Tuple.of(candidateId))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    Future<Void> patch(long candidateId, MePatch p) {
        return pg.preparedQuery(PATCH).execute(Tuple.from(Arrays.asList(candidateId, p.ethnicity(), p.politicalStatus(),
                p.hukou(), p.occupation(), p.inSchool(), p.education(), p.graduationDate(), p.unit(), p.address(),
                p.province(), p.city(), p.county()))).mapEmpty();
    }

    Future<Buffer> photo(long candidateId) {
        return pg.preparedQuery(PHOTO).execute(Tuple.of(candidateId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer("content"));
    }

    private static MeView view(Row r) {
        return new MeView(r.getLong("id"), r.getString("admission_no"), r.getString("name"), r.getString("id_number_masked"),
                r.getString("phone_masked"), r.getString("gender"),
                r.getLocalDate("birth_date") == null ? null : r.getLocalDate("birth_date").toString(),
                r.getString("ethnicity"), r.getString("political_status"), r.getString("hukou"), r.getString("occupation"),
                r.getBoolean("in_school"), r.getString("education"), r.getString("graduation_date"), r.getString("unit"),
                r.getString("province"), r.getString("city"), r.getString("county"), r.getString("address"),
                r.getString("candidate_type"), r.getString("sitting_code"), r.getString("area_code"),
                r.getString("major_code"), r.getString("source"), Times.iso(r.getOffsetDateTime("created_at")));
    }
}
