package cn.zikao.payment;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * A WeChat Pay v3 payment notification, believed only after: the platform signature over the raw body
 * verifies with the key {@code Wechatpay-Serial} names, {@code Wechatpay-Timestamp} is within 300 s, the
 * resource decrypts (AEAD_AES_256_GCM, so ciphertext, nonce and associated data are all authenticated), and
 * it is addressed to our merchant and app.
 */
record WechatPayNotification(String id, String eventType, GatewayTrade trade) {

    static WechatPayNotification verify(MultiMap headers, String rawBody, WechatPayKeys keys, Clock clock) {
        WechatPaySignature.verifyResponse(new WechatPaySignature.Signed(headers.get("Wechatpay-Timestamp"),
                headers.get("Wechatpay-Nonce"), headers.get("Wechatpay-Signature"), headers.get("Wechatpay-Serial")),
                rawBody, clock, keys::platformKey);
        JsonObject envelope = json(rawBody);
        JsonObject resource = envelope.getJsonObject("resource");
        if (envelope.getString("id") == null || resource == null
                || !"AEAD_AES_256_GCM".equals(resource.getString("algorithm"))
                || resource.getString("ciphertext") == null || resource.getString("nonce") == null) {
            throw new Rejected("notification lacks id or an AEAD_AES_256_GCM resource");
        }
        JsonObject transaction = json(keys.resources().decrypt(resource.getString("nonce"),
                resource.getString("associated_data"), resource.getString("ciphertext")));
        if (!keys.mchId().equals(transaction.getString("mchid"))) {
            throw new Rejected("notification is for another merchant");
        }
        if (!keys.appId().equals(transaction.getString("appid"))) {
            throw new Rejected("notification is for another app");
        }
        if (transaction.getString("out_trade_no") == null) {
            throw new Rejected("notification names no out_trade_no");
        }
        try {
            return new WechatPayNotification(envelope.getString("id"), envelope.getString("event_type", ""),
                    WechatPayGateway.trade(transaction));
        } catch (RuntimeException e) {
            throw new Rejected("transaction fields malformed");
        }
    }

    private static JsonObject json(String text) {
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new Rejected("not a JSON object");
        }
    }
}
