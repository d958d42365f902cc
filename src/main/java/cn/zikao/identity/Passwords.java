package cn.zikao.identity;

import cn.zikao.platform.WorkClass;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password hashes: argon2id (m = 19456 KiB, t = 2, p = 1, the OWASP minimum) in the PHC string format, always
 * computed in the bounded {@code passwords} class of work: a caller takes its place ({@link #admit()}) before it
 * spends a captcha or an SMS code, so a BUSY answer costs nothing. Checking a password for an unknown candidate
 * hashes against a dummy hash, so the answer takes the same time whether or not the candidate exists.
 *
 * <p>The hash is computed by the reference C implementation of argon2 when it loads (argon2-jvm's bundled library):
 * at the opening, hashing is most of the service's CPU, and the C code takes about half the time of Bouncy Castle's
 * Java code for the same bytes. At start-up the two are compared on a known input; if the library does not load on
 * this platform, or does not agree, Bouncy Castle hashes instead (the hashes are the same either way).
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
    private static final Logger LOG = LoggerFactory.getLogger(Passwords.class);
    /** The C implementation, or null when Bouncy Castle hashes. */
    private static final Argon2Advanced NATIVE = loadNative();

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
        if (NATIVE != null && length == HASH_BYTES) {
            char[] chars = password.toCharArray();
            try {
                return NATIVE.rawHash(iterations, memoryKib, parallelism, chars, StandardCharsets.UTF_8, salt);
            } finally {
                java.util.Arrays.fill(chars, '\0');
            }
        }
        return portable(password, salt, memoryKib, iterations, parallelism, length);
    }

    /** Bouncy Castle's argon2id, in Java: every platform, every hash length. */
    static byte[] portable(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism)
                .withSalt(salt).build());
        byte[] out = new byte[length];
        gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    /** Which implementation hashes: "native" or "portable". */
    static String implementation() {
        return NATIVE != null ? "native" : "portable";
    }

    private static Argon2Advanced loadNative() {
        try {
            Argon2Advanced a = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, SALT_BYTES, HASH_BYTES);
            byte[] salt = "zikao-argon2-chk".getBytes(StandardCharsets.US_ASCII);
            String probe = "pässwörd check 2027";
            byte[] c = a.rawHash(1, 64, 1, probe.toCharArray(), StandardCharsets.UTF_8, salt);
            if (MessageDigest.isEqual(c, portable(probe, salt, 64, 1, 1, HASH_BYTES))) {
                return a;
            }
            LOG.warn("argon2: the C library's hash differs from Bouncy Castle's; hashing in Java");
        } catch (RuntimeException | LinkageError e) {
            LOG.info("argon2: the C library does not load here ({}); hashing in Java", e.toString());
        }
        return null;
    }
}
