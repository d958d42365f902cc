package cn.zikao.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds WeChat Pay v3 payment notifications the way the platform does (transaction encrypted with the APIv3
 * key, AEAD_AES_256_GCM; envelope signed SHA256withRSA over {@code timestamp\nnonce\nbody\n}) from the dev keys
 * the service generated under {@code <dataDir>/paysim}.
 */
final class NotificationSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    record Signed(String body, String timestamp, String nonce, String signature, String serial) {}

    private final PrivateKey platformKey;
    private final String serial;
    private final SecretKeySpec apiV3Key;
    private final String mchId;
    private final String appId;

    private NotificationSigner(PrivateKey platformKey, String serial, String apiV3Key, String mchId, String appId) {
        this.platformKey = platformKey;
        this.serial = serial;
        this.apiV3Key = new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES");
        this.mchId = mchId;
        this.appId = appId;
    }

    static NotificationSigner fromDir(Path dir, String mchId, String appId) {
        try (InputStream in = Files.newInputStream(dir.resolve("keys.properties"))) {
            Properties p = new Properties();
            p.load(in);
            String pem = Files.readString(dir.resolve("platform_private.pem"))
                    .replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            return new NotificationSigner(key, p.getProperty("platformSerial"), p.getProperty("apiV3Key"), mchId, appId);
        } catch (IOException e) {
            throw new UncheckedIOException("dev payment keys not found under " + dir + " (start the service once)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed notification that order {@code outTradeNo} was paid {@code totalFen}. */
    Signed paid(String outTradeNo, int totalFen) {
        String now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0).toString();
        String transaction = "{\"appid\":\"" + appId + "\",\"mchid\":\"" + mchId + "\",\"out_trade_no\":\"" + outTradeNo
                + "\",\"transaction_id\":\"42000" + Math.abs(RANDOM.nextLong()) + "\",\"trade_type\":\"NATIVE\","
                + "\"trade_state\":\"SUCCESS\",\"trade_state_desc\":\"支付成功\",\"bank_type\":\"OTHERS\",\"attach\":\"\","
                + "\"success_time\":\"" + now + "\",\"payer\":{\"openid\":\"oLoadTestPayer\"},"
                + "\"amount\":{\"total\":" + totalFen + ",\"payer_total\":" + totalFen + ",\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
        String nonce = hex(6);
        String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"create_time\":\"" + now + "\",\"resource_type\":\"encrypt-resource\","
                + "\"event_type\":\"TRANSACTION.SUCCESS\",\"summary\":\"支付成功\",\"resource\":{\"original_type\":\"transaction\","
                + "\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\"" + encrypt(nonce, transaction)
                + "\",\"associated_data\":\"transaction\",\"nonce\":\"" + nonce + "\"}}";
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        String headerNonce = hex(16);
        return new Signed(body, ts, headerNonce, sign(ts + "\n" + headerNonce + "\n" + body + "\n"), serial);
    }

    private String encrypt(String nonce, String plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, apiV3Key, new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            c.updateAAD("transaction".getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sign(String message) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(platformKey);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }
}
