package cn.zikao.platform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal data at rest: AES-256-GCM with a random 12-byte nonce (stored as nonce || ciphertext || tag, the key
 * id bound in as associated data), and HMAC-SHA256 for the lookup and uniqueness columns and for Redis keys.
 */
public final class PiiCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String keyId;
    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec hmacKey;
    private final SecureRandom random = new SecureRandom();

    public PiiCipher(AppConfig.Pii config) {
        this.keyId = config.keyId();
        this.encryptionKey = new SecretKeySpec(Base64.getDecoder().decode(config.encryptionKey()), "AES");
        this.hmacKey = new SecretKeySpec(Base64.getDecoder().decode(config.hmacKey()), "HmacSHA256");
    }

    /** The id of the key new ciphertexts are made with; stored beside them so keys can be rotated. */
    public String keyId() {
        return keyId;
    }

    public byte[] encrypt(String clear) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** The clear text of a ciphertext made with the key {@code rowKeyId}. */
    public String decrypt(byte[] stored, String rowKeyId) {
        if (!keyId.equals(rowKeyId)) {
            throw new IllegalStateException("no personal-data key with id " + rowKeyId);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            c.updateAAD(rowKeyId.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }

    public byte[] hmac(String clear) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            return mac.doFinal(clear.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("hmac failed", e);
        }
    }

    /** The HMAC in hex: the only form of a phone or ID number allowed in a Redis key. */
    public String hmacHex(String clear) {
        return HexFormat.of().formatHex(hmac(clear));
    }

    /** {@code 540102199001011234} → {@code 5401**********1234}. */
    public static String maskIdNumber(String idNumber) {
        if (idNumber.length() < 8) {
            return "*".repeat(idNumber.length());
        }
        return idNumber.substring(0, 4) + "*".repeat(idNumber.length() - 8) + idNumber.substring(idNumber.length() - 4);
    }

    /** {@code 17712340205} → {@code 177****0205}. */
    public static String maskPhone(String phone) {
        if (phone.length() < 7) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
