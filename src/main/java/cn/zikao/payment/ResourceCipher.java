package cn.zikao.payment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_256_GCM with the APIv3 key: how WeChat Pay encrypts a notification's {@code resource}. The nonce
 * and associated data travel in clear beside the ciphertext; changing any of the three fails the tag.
 */
public final class ResourceCipher {
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    public ResourceCipher(String apiV3Key) {
        byte[] k = apiV3Key.getBytes(StandardCharsets.UTF_8);
        if (k.length != 32) {
            throw new IllegalArgumentException("the APIv3 key must be 32 bytes");
        }
        this.key = new SecretKeySpec(k, "AES");
    }

    public String encrypt(String nonce, String associatedData, String plaintext) {
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
            return Base64.getEncoder().encodeToString(c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plaintext, or {@link Rejected} when the ciphertext, nonce or associated data was changed. */
    public String decrypt(String nonce, String associatedData, String ciphertextBase64) {
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, nonce, associatedData);
            return new String(c.doFinal(Base64.getDecoder().decode(ciphertextBase64)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Rejected(400, "resource does not decrypt");
        }
    }

    private Cipher cipher(int mode, String nonce, String associatedData) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce.getBytes(StandardCharsets.UTF_8)));
        if (associatedData != null) {
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        }
        return c;
    }

}
