package cn.zikao.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** argon2id in C where it loads, the same bytes as Bouncy Castle's Java code, so a stored hash verifies with either. */
class PasswordsTest {
    @Test
    @DisplayName("on Linux x86-64 the C implementation hashes, and it gives Bouncy Castle's bytes for the service's parameters and others")
    void nativeAgreesWithJava() {
        if (System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64")) {
            assertEquals("native", Passwords.implementation());
        }
        byte[] salt = HexFormat.of().parseHex("0123456789abcdeffedcba9876543210");
        for (String password : new String[] {"Zikao2027pw", "藏文 བོད་ཡིག 密码", ""}) {
            for (int[] p : new int[][] {{Passwords.MEMORY_KIB, Passwords.ITERATIONS, 1}, {4096, 3, 2}, {64, 1, 1}}) {
                String phc = "$argon2id$v=19$m=" + p[0] + ",t=" + p[1] + ",p=" + p[2] + "$"
                        + java.util.Base64.getEncoder().withoutPadding().encodeToString(salt) + "$"
                        + java.util.Base64.getEncoder().withoutPadding().encodeToString(
                                Passwords.portable(password, salt, p[0], p[1], p[2], 32));
                assertTrue(Passwords.verifyNow(password, phc), "a hash made in Java verifies: " + p[0] + "/" + p[1] + "/" + p[2]);
                assertFalse(Passwords.verifyNow(password + "x", phc));
            }
        }
    }

    @Test
    @DisplayName("a hash made now verifies with Bouncy Castle alone (the Java fallback reads every stored hash)")
    void hashVerifiesInJava() {
        String phc = Passwords.hashBlocking("Zikao2027pw");
        String[] parts = phc.split("\\$");
        byte[] salt = java.util.Base64.getDecoder().decode(parts[4]);
        byte[] hash = java.util.Base64.getDecoder().decode(parts[5]);
        assertEquals("v=19", parts[2]);
        assertEquals("m=" + Passwords.MEMORY_KIB + ",t=" + Passwords.ITERATIONS + ",p=1", parts[3]);
        assertArrayEquals(hash, Passwords.portable("Zikao2027pw", salt, Passwords.MEMORY_KIB, Passwords.ITERATIONS, 1, 32));
        assertFalse(new String(hash, StandardCharsets.ISO_8859_1).isEmpty());
    }
}
