package cn.zikao.sms;

import cn.zikao.platform.PiiCipher;
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

/**
 * The SMS outbox: a request only inserts a row (in its own transaction when it has one), the
 * {@link SmsDispatcher} sends. Phone and parameters (which may hold a code) are stored encrypted.
 */
public final class SmsOutbox {
    private static final String INSERT = "INSERT INTO sms_outbox (phone_enc, phone_hmac, pii_key_id, purpose, template_code, params_enc) "
            + "VALUES ($1, $2, $3, $4, $5, $6)";
    private static final String BY_PHONE = "SELECT purpose, template_code, params_enc, pii_key_id, status, created_at, sent_at "
            + "FROM sms_outbox WHERE phone_hmac = $1 ORDER BY created_at DESC, id DESC LIMIT 50";
    // Claiming moves next_attempt_at ahead: a dispatcher that dies mid-send leaves the row to be retried later.
    private static final String CLAIM = "UPDATE sms_outbox SET attempts = attempts + 1, next_attempt_at = now() + interval '60 seconds' "
            + "WHERE id IN (SELECT id FROM sms_outbox WHERE status = 'PENDING' AND next_attempt_at <= now() "
            + "ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) "
            + "RETURNING id, phone_enc, pii_key_id, purpose, template_code, params_enc, attempts";
    private static final String SENT = "UPDATE sms_outbox SET status = 'SENT', sent_at = now(), provider_ref = $2, last_error = NULL WHERE id = $1";
    private static final String RETRY_LATER = "UPDATE sms_outbox SET next_attempt_at = now() + make_interval(secs => $2), last_error = $3 WHERE id = $1";
    private static final String FAILED = "UPDATE sms_outbox SET status = 'FAILED', last_error = $2 WHERE id = $1";

    private final Pool pg;
    private final PiiCipher pii;

    /** A claimed message, decrypted for the provider. */
    public record Message(long id, String phone, String purpose, String template, Map<String, String> params, int attempts) {}

    @Serdeable
    record DevView(String purpose, String code, String text, String status, String createdAt, String sentAt) {}

    public SmsOutbox(Pool pg, PiiCipher pii) {
        this.pg = pg;
        this.pii = pii;
    }

    /** Queues a message; pass the transaction's connection so the message commits with what it announces. */
    public Future<Void> enqueue(SqlClient client, String phone, String purpose, String template, Map<String, String> params) {
        JsonObject json = new JsonObject();
        params.forEach(json::put);
        return client.preparedQuery(INSERT).execute(Tuple.of(Buffer.buffer(pii.encrypt(phone)), Buffer.buffer(pii.hmac(phone)), pii.keyId(), purpose,
                template, Buffer.buffer(pii.encrypt(json.encode())))).mapEmpty();
    }

    Future<List<DevView>> forPhone(String phone) {
        return pg.preparedQuery(BY_PHONE).execute(Tuple.of(Buffer.buffer(pii.hmac(phone)))).map(rows -> {
            List<DevView> out = new ArrayList<>();
            for (Row r : rows) {
                Map<String, String> params = params(r);
                String template = r.getString("template_code");
                out.add(new DevView(r.getString("purpose"), params.get("code"), SmsTemplates.text(template, params),
                        r.getString("status"), Times.iso(r.getOffsetDateTime("created_at")),
                        Times.iso(r.getOffsetDateTime("sent_at"))));
            }
            return out;
        });
    }

    Future<List<Message>> claim(int batch) {
        return pg.preparedQuery(CLAIM).execute(Tuple.of(batch)).map(rows -> {
            List<Message> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Message(r.getLong("id"), pii.decrypt(r.getBuffer("phone_enc").getBytes(), r.getString("pii_key_id")),
                        r.getString("purpose"), r.getString("template_code"), params(r), r.getInteger("attempts")));
            }
            return out;
        });
    }

    Future<Void> sent(long id, String providerRef) {
        return pg.preparedQuery(SENT).execute(Tuple.of(id, providerRef)).mapEmpty();
    }

    Future<Void> retryLater(long id, int seconds, String error) {
        return pg.preparedQuery(RETRY_LATER).execute(Tuple.of(id, (double) seconds, error)).mapEmpty();
    }

    Future<Void> failed(long id, String error) {
        return pg.preparedQuery(FAILED).execute(Tuple.of(id, error)).mapEmpty();
    }

    private Map<String, String> params(Row r) {
        JsonObject json = new JsonObject(pii.decrypt(r.getBuffer("params_enc").getBytes(), r.getString("pii_key_id")));
        Map<String, String> out = new HashMap<>();
        json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        return out;
    }
}
