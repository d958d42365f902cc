package cn.zikao.identity;

import cn.zikao.platform.WorkClass;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: argon2id (m = 19456 KiB, t = 2, p = 1, the OWASP minimum) in the PHC string format, always
 * computed in the bounded {@code passwords} class of work: a caller takes its place ({@link #admit()}) before it
 * spends a captcha or an SMS code, so a BUSY answer costs nothing. Checking a password for an unknown candidate hashes against a dummy hash, so the
 * answer takes the same time whether or not the candidate exists.
 */
public final class Passwords {
    static final int MEMORY_KIB = 19456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final WorkClass work;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    Passwords(WorkClass work) {
        this.work = work;
        this.dummyHash = hashNow("dummy-" + random.nextLong());
    }

    /** A place for one hash, or 503 BUSY; give it back with {@code release()} if the request fails before it hashes. */
    public WorkClass.Permit admit() {
        return work.admit();
    }

    /** The class of work itself, for a waiting room in front of it. */
    public WorkClass work() {
        return work;
    }

    public Future<String> hash(WorkClass.Permit place, String password) {
        return place.blocking(() -> hashNow(password));
    }

    /** True when {@code password} matches {@code phc}; a null {@code phc} (no such candidate) is checked against the dummy. */
    public Future<Boolean> matches(WorkClass.Permit place, String password, String phc) {
        boolean real = phc != null;
        String against = real ? phc : dummyHash;
        return place.blocking(() -> verifyNow(password, against) && real);
    }

    String hashNow(String password) {
        return hashWith(random, password);
    }

    /** One hash on the calling thread, for commands that run outside the service (never on an event loop). */
    public static String hashBlocking(String password) {
        return hashWith(new SecureRandom(), password);
    }

    private static String hashWith(SecureRandom random, String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    static boolean verifyNow(String password, String phc) {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return false;
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        // a stored hash never asks for more than ten times today's cost: a bad row cannot exhaust the heap
        if (memory < 8 || memory > 10 * MEMORY_KIB || iterations < 1 || parallelism < 1 || parallelism > 8) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(m.group(4));
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = argon2(password, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism)
                .withSalt(salt).build());
        byte[] out = new byte[length];
        gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
