package cn.zikao.paysim;

import cn.zikao.payment.ResourceCipher;
import cn.zikao.payment.WechatPaySignature;
import cn.zikao.platform.Times;
import io.vertx.core.json.JsonObject;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds WeChat Pay v3 payment notifications as the platform does: the transaction encrypted with the APIv3
 * key (AEAD_AES_256_GCM, associated data {@code transaction}) inside an envelope, and the envelope signed
 * with the platform key.
 */
public final class Notifications {
    private final ResourceCipher cipher;
    private final PrivateKey platformKey;
    private final String platformSerial;

    public Notifications(String apiV3Key, PrivateKey platformKey, String platformSerial) {
        this.cipher = new ResourceCipher(apiV3Key);
        this.platformKey = platformKey;
        this.platformSerial = platformSerial;
    }

    /** The notifications of the dev keys under {@code <dataDir>/paysim}. */
    public static Notifications of(SimulatorKeys keys) {
        return new Notifications(keys.apiV3Key(), keys.platformPrivateKey(), keys.platformSerial());
    }

    /** The envelope around one encrypted transaction; its {@code id} is what makes copies recognisable. */
    public JsonObject envelope(String id, JsonObject transaction, Instant now) {
        String nonce = WechatPaySignature.nonce().substring(0, 12);
        return new JsonObject().put("id", id).put("create_time", Times.iso(now))
                .put("resource_type", "encrypt-resource").put("event_type", "TRANSACTION.SUCCESS").put("summary", "支付成功")
                .put("resource", new JsonObject().put("original_type", "transaction").put("algorithm", "AEAD_AES_256_GCM")
                        .put("ciphertext", cipher.encrypt(nonce, "transaction", transaction.encode()))
                        .put("associated_data", "transaction").put("nonce", nonce));
    }

    public JsonObject envelope(JsonObject transaction, Instant now) {
        return envelope(UUID.randomUUID().toString(), transaction, now);
    }

    /** The headers that sign {@code body} at {@code timestamp} (epoch seconds). */
    public Map<String, String> headers(String body, long timestamp) {
        WechatPaySignature.Signed s = WechatPaySignature.signResponse(platformKey, platformSerial, body, timestamp);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Wechatpay-Timestamp", s.timestamp());
        h.put("Wechatpay-Nonce", s.nonce());
        h.put("Wechatpay-Signature", s.signature());
        h.put("Wechatpay-Serial", s.serial());
        h.put("Wechatpay-Signature-Type", WechatPaySignature.SCHEMA);
        return h;
    }
}
