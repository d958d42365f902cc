package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PiiCipherTest {
    private static final String HMAC = key("hmac-key-of-the-personal-data-01");
    private static final String K1 = key("first-personal-data-key-00000001");
    private static final String K2 = key("second-personal-data-key-0000002");

    private static String key(String ascii32) {
        return Base64.getEncoder().encodeToString(ascii32.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    @DisplayName("the current key encrypts; every configured key decrypts what carries its id; an unknown id or a value "
            + "sealed under another id is Undecryptable")
    void severalKeys() {
        PiiCipher old = new PiiCipher(new AppConfig.Pii("k1", K1, HMAC));
        PiiCipher both = new PiiCipher(new AppConfig.Pii("k2", K2, HMAC, "k1:" + K1));
        PiiCipher next = new PiiCipher(new AppConfig.Pii("k2", K2, HMAC));
        byte[] underK1 = old.encrypt("540102199001011234");
        byte[] underK2 = both.encrypt("540102199001011234");
        assertEquals("k2", both.keyId());
        assertEquals(Set.of("k1", "k2"), both.keyIds());
        assertEquals("540102199001011234", both.decrypt(underK1, "k1"));
        assertEquals("540102199001011234", next.decrypt(underK2, "k2"));
        assertThrows(PiiCipher.Undecryptable.class, () -> next.decrypt(underK1, "k1"));
        // the key id is bound in: a ciphertext relabelled with another id does not open
        assertThrows(PiiCipher.Undecryptable.class, () -> both.decrypt(underK1, "k2"));
        assertThrows(PiiCipher.Undecryptable.class, () -> both.open(new byte[5], "k2"));
        byte[] image = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};
        assertArrayEquals(image, both.openImage(both.seal(image), "k2"));
        assertArrayEquals(image, both.openImage(image, null));
        assertEquals(both.hmacHex("x"), old.hmacHex("x"));
    }

    @Test
    @DisplayName("ZIKAO_PII_KEYS is id:base64 entries; a repeated id or an entry without a key is refused")
    void keyList() {
        assertEquals(2, PiiCipher.decryptionKeys("k0:" + K1 + ", k1:" + K2).size());
        assertEquals(0, PiiCipher.decryptionKeys(" ").size());
        assertThrows(IllegalArgumentException.class, () -> PiiCipher.decryptionKeys("k0:" + K1 + ",k0:" + K2));
        assertThrows(IllegalArgumentException.class, () -> PiiCipher.decryptionKeys("k0"));
        assertThrows(IllegalArgumentException.class, () -> PiiCipher.decryptionKeys("k0:"));
    }

    @Test
    @DisplayName("the configuration refuses a ZIKAO_PII_KEYS entry that is not 32 bytes, or one giving the current id another key")
    void configuration() {
        AppConfig ok = load(Map.of("ZIKAO_PII_KEY_ID", "k2", "ZIKAO_PII_KEY", K2, "ZIKAO_PII_KEYS", "k1:" + K1));
        assertEquals(Set.of("k1", "k2"), new PiiCipher(ok.pii()).keyIds());
        assertEquals("ZIKAO_PII_KEYS key k1 must be 32 bytes (base64), got 3",
                assertThrows(ConfigException.class, () -> load(Map.of("ZIKAO_PII_KEYS", "k1:YWJj"))).getMessage());
        assertEquals("ZIKAO_PII_KEYS gives the current key id k2 another key", assertThrows(ConfigException.class,
                () -> load(Map.of("ZIKAO_PII_KEY_ID", "k2", "ZIKAO_PII_KEY", K2, "ZIKAO_PII_KEYS", "k2:" + K1))).getMessage());
        assertThrows(ConfigException.class, () -> load(Map.of("ZIKAO_PII_KEYS", "k1")));
    }

    private static AppConfig load(Map<String, String> env) {
        return new ConfigLoader(env).load(Path.of("config/application.yaml"));
    }
}
