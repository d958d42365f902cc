package cn.zikao.platform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal data at rest: AES-256-GCM with a random 12-byte nonce (stored as nonce || ciphertext || tag, the key
 * id bound in as associated data), and HMAC-SHA256 for the lookup and uniqueness columns and for Redis keys.
 * Several encryption keys are known by id: the current one encrypts, every one decrypts what carries its id, so
 * a key can be rotated ({@code rotate-pii-key}) while the service serves. The HMAC key is one and is not rotated
 * (the lookup columns are keyed with it).
 */
public final class PiiCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String keyId;
    private final Map<String, SecretKeySpec> keys;
    private final SecretKeySpec hmacKey;
    private final SecureRandom random = new SecureRandom();

    /** A ciphertext this cipher cannot open: its key id is unknown here, or it does not authenticate. */
    public static final class Undecryptable extends IllegalStateException {
        Undecryptable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public PiiCipher(AppConfig.Pii config) {
        this.keyId = config.keyId();
        Map<String, SecretKeySpec> k = new LinkedHashMap<>();
        k.put(keyId, aes(config.encryptionKey()));
        decryptionKeys(config.keys()).forEach((id, key) -> k.putIfAbsent(id, aes(key)));
        this.keys = Map.copyOf(k);
        this.hmacKey = new SecretKeySpec(Base64.getDecoder().decode(config.hmacKey()), "HmacSHA256");
    }

    /**
     * The further keys of {@code ZIKAO_PII_KEYS}, {@code id:base64[,id:base64...]}: they decrypt, never encrypt.
     * The configuration loader checks the shape and the key lengths.
     */
    public static Map<String, String> decryptionKeys(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        for (String entry : list.split(",")) {
            String e = entry.trim();
            int colon = e.indexOf(':');
            if (colon <= 0 || colon == e.length() - 1) {
                throw new IllegalArgumentException("each entry must be id:base64-key");
            }
            if (out.put(e.substring(0, colon).trim(), e.substring(colon + 1).trim()) != null) {
                throw new IllegalArgumentException("key id " + e.substring(0, colon).trim() + " is given twice");
            }
        }
        return out;
    }

    private static SecretKeySpec aes(String base64) {
        return new SecretKeySpec(Base64.getDecoder().decode(base64), "AES");
    }

    /** The id of the key new ciphertexts are made with; stored beside them so keys can be rotated. */
    public String keyId() {
        return keyId;
    }

    /** The ids of every key this cipher decrypts with, the current one among them. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    public byte[] encrypt(String clear) {
        return seal(clear.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes (an image) sealed with the current key; store {@link #keyId()} beside them. */
    public byte[] seal(byte[] clear) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(clear);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** The clear text of a ciphertext made with the key {@code rowKeyId}. */
    public String decrypt(byte[] stored, String rowKeyId) {
        return new String(open(stored, rowKeyId), StandardCharsets.UTF_8);
    }

    /** The clear bytes of a ciphertext made with the key {@code rowKeyId}; {@link Undecryptable} if it cannot be. */
    public byte[] open(byte[] stored, String rowKeyId) {
        SecretKeySpec key = rowKeyId == null ? null : keys.get(rowKeyId);
        if (key == null) {
            throw new Undecryptable("no personal-data key with id " + rowKeyId, null);
        }
        if (stored.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Undecryptable("personal-data ciphertext too short", null);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            c.updateAAD(rowKeyId.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new Undecryptable("decryption with key " + rowKeyId + " failed", e);
        }
    }

    /**
     * An image as stored: sealed with the key {@code rowKeyId}, or, when that is null, kept as it was stored before
     * images were encrypted (until {@code rotate-pii-key} seals it).
     */
    public byte[] openImage(byte[] stored, String rowKeyId) {
        return rowKeyId == null ? stored : open(stored, rowKeyId);
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
