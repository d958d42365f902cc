package cn.zikao.sms;

import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Texts;
import cn.zikao.platform.Times;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS outbox: a request only inserts a row (in its own transaction when it has one), the
 * {@link SmsDispatcher} sends. Phone and parameters (which may hold a code) are stored encrypted.
 */
public final class SmsOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(SmsOutbox.class);
    /** The reason an undecryptable row is set aside with: it names no person, only that the key is missing. */
    static final String UNDECRYPTABLE = "UNDECRYPTABLE: no personal-data key opens this message";

    private final Pool pg;
    private final PiiCipher pii;

    /** What one claim took: the messages to send, and how many rows it claimed (set-aside ones among them). */
    record Batch(List<Message> messages, int claimed) {}

    /** A claimed message, decrypted for the provider. */
    public record Message(long id, String phone, String purpose, String template, Map<String, String> params, int attempts) {}

    @Serdeable
    record DevView(String purpose, String code, String text, String status, String createdAt, String sentAt) {}

    SmsOutbox(Pool pg, PiiCipher pii) {
        this.pg = pg;
        this.pii = pii;
    }

    /** The 准考证号 message of a new registration in {@code lang}, committed with it in the caller's transaction. */
    public Future<Void> announceRegistration(SqlClient tx, String phone, String admissionNo, String lang) {
        return enqueue(tx, phone, SmsPurpose.REGISTER.name(), SmsTemplates.REGISTERED,
                Map.of("admissionNo", admissionNo, SmsTemplates.LANG, language(lang)));
    }

    /** The notice (in {@code lang}) to the phone a candidate left for another, committed with the change. */
    public Future<Void> announcePhoneChange(SqlClient tx, String oldPhone, String newPhoneMasked, String lang) {
        return enqueue(tx, oldPhone, SmsPurpose.PROFILE.name(), SmsTemplates.PHONE_CHANGED,
                Map.of("phoneMasked", newPhoneMasked, SmsTemplates.LANG, language(lang)));
    }

    static String language(String lang) {
        String known = Texts.known(lang);
        return known == null ? Texts.ZH : known;
    }

    Future<Void> enqueue(String phone, String purpose, String template, Map<String, String> params) {
        return enqueue(pg, phone, purpose, template, params);
    }

    private Future<Void> enqueue(SqlClient client, String phone, String purpose, String template, Map<String, String> params) {
        JsonObject json = new JsonObject();
        params.forEach(json::put);
        return client.preparedQuery(SmsSql.INSERT).execute(Tuple.of(Buffer.buffer(pii.encrypt(phone)), Buffer.buffer(pii.hmac(phone)), pii.keyId(), purpose,
                template, Buffer.buffer(pii.encrypt(json.encode())))).mapEmpty();
    }

    Future<List<DevView>> forPhone(String phone) {
        return pg.preparedQuery(SmsSql.BY_PHONE).execute(Tuple.of(Buffer.buffer(pii.hmac(phone)))).map(rows -> {
            List<DevView> out = new ArrayList<>();
            for (Row r : rows) {
                Map<String, String> params;
                try {
                    params = params(r);
                } catch (PiiCipher.Undecryptable e) {
                    continue;
                }
                String template = r.getString("template_code");
                out.add(new DevView(r.getString("purpose"), params.get("code"), SmsTemplates.text(template, params),
                        r.getString("status"), Times.iso(r.getOffsetDateTime("created_at")),
                        Times.iso(r.getOffsetDateTime("sent_at"))));
            }
            return out;
        });
    }

    /**
     * Claims due rows. A row no configured key decrypts (its key removed too early, a damaged value) is set aside,
     * FAILED with {@link #UNDECRYPTABLE}, instead of failing the batch: the others are sent.
     */
    Future<Batch> claim(int batch) {
        return pg.preparedQuery(SmsSql.CLAIM).execute(Tuple.of(batch)).compose(rows -> {
            List<Message> out = new ArrayList<>();
            List<Future<Void>> setAside = new ArrayList<>();
            for (Row r : rows) {
                long id = r.getLong("id");
                try {
                    out.add(new Message(id, pii.decrypt(r.getBuffer("phone_enc").getBytes(), r.getString("pii_key_id")),
                            r.getString("purpose"), r.getString("template_code"), params(r), r.getInteger("attempts")));
                } catch (PiiCipher.Undecryptable e) {
                    LOG.error("sms {} set aside: no configured personal-data key decrypts it (key id {})", id, r.getString("pii_key_id"));
                    setAside.add(failed(id, UNDECRYPTABLE));
                }
            }
            return Future.join(setAside).map(v -> new Batch(out, rows.size()));
        });
    }

    Future<Void> sent(long id, String providerRef) {
        return pg.preparedQuery(SmsSql.SENT).execute(Tuple.of(id, providerRef)).mapEmpty();
    }

    Future<Void> retryLater(long id, int seconds, String error) {
        return pg.preparedQuery(SmsSql.RETRY_LATER).execute(Tuple.of(id, (double) seconds, error)).mapEmpty();
    }

    Future<Void> failed(long id, String error) {
        return pg.preparedQuery(SmsSql.FAILED).execute(Tuple.of(id, error)).mapEmpty();
    }

    private Map<String, String> params(Row r) {
        JsonObject json = new JsonObject(pii.decrypt(r.getBuffer("params_enc").getBytes(), r.getString("pii_key_id")));
        Map<String, String> out = new HashMap<>();
        json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        return out;
    }
}
