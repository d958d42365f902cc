package cn.zikao.identity;

import cn.zikao.platform.PiiCipher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Who holds a phone or an ID number, asked by their HMACs: what SMS codes and login need to know of a person.
 * The candidate module writes these rows; this is the one place below it that reads them.
 */
public final class Accounts {
    private static final String COLUMNS = """
            SELECT id, name, password_hash, phone_enc, phone_hmac, pii_key_id, admission_no, id_number_hmac, id_number_enc
              FROM candidate""";
    private static final String BY_ID_NUMBER = COLUMNS + " WHERE id_number_hmac = $1";
    private static final String BY_PHONE = COLUMNS + " WHERE phone_hmac = $1";
    private static final String PHONE_BOUND = "SELECT 1 FROM candidate WHERE phone_hmac = $1";

    private final Pool pg;
    private final PiiCipher pii;

    /** A person's sign-in facts; {@code phone} is null when none is bound; the masks are computed from the decrypted numbers. */
    public record Account(long candidateId, String name, String passwordHash, String phone, byte[] phoneHmac,
                          String admissionNo, byte[] idNumberHmac, String idNumberMasked, String phoneMasked) {}

    Accounts(Pool pg, PiiCipher pii) {
        this.pg = pg;
        this.pii = pii;
    }

    /** The account of this (normalised) ID number, or null. */
    public Future<Account> byIdNumber(String idNumber) {
        return one(BY_ID_NUMBER, pii.hmac(idNumber));
    }

    /** The account bound to this phone, or null. */
    public Future<Account> byPhone(String phone) {
        return one(BY_PHONE, pii.hmac(phone));
    }

    public Future<Boolean> phoneBound(String phone) {
        return pg.preparedQuery(PHONE_BOUND).execute(Tuple.of(Buffer.buffer(pii.hmac(phone)))).map(rows -> rows.size() > 0);
    }

    private Future<Account> one(String sql, byte[] hmac) {
        return pg.preparedQuery(sql).execute(Tuple.of(Buffer.buffer(hmac))).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            Buffer phone = r.getBuffer("phone_enc");
            Buffer phoneHmac = r.getBuffer("phone_hmac");
            String keyId = r.getString("pii_key_id");
            String clearPhone = phone == null ? null : pii.decrypt(phone.getBytes(), keyId);
            String idNumber = pii.decrypt(r.getBuffer("id_number_enc").getBytes(), keyId);
            return new Account(r.getLong("id"), r.getString("name"), r.getString("password_hash"), clearPhone,
                    phoneHmac == null ? null : phoneHmac.getBytes(), r.getString("admission_no"),
                    r.getBuffer("id_number_hmac").getBytes(), PiiCipher.maskIdNumber(idNumber),
                    clearPhone == null ? null : PiiCipher.maskPhone(clearPhone));
        });
    }
}
