package cn.zikao.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * The dev profile's secrets (JWT key, PII keys), made at random on the first start with a data directory and kept in
 * {@code <dataDir>/dev-secrets.properties} (owner-only), so every process on that directory (instances, operator
 * commands) shares them and nothing shipped in the jar or the repository ever signs a token or encrypts a number.
 */
public final class DevSecrets {
    static final String FILE = "dev-secrets.properties";

    /** A secret of the configuration: its section and key in the YAML, and how a fresh one is made. */
    record Secret(String section, String key, int bytes) {}

    static final List<Secret> SECRETS = List.of(
            new Secret("jwt", "secret", 48),
            new Secret("pii", "encryptionKey", 32),
            new Secret("pii", "hmacKey", 32));

    private DevSecrets() {}

    /** The secrets of {@code dataDir}, made and stored on first use; two processes starting at once agree. */
    static synchronized Properties of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(dataDir, file);
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            for (Secret s : SECRETS) {
                if (p.getProperty(name(s), "").isBlank()) {
                    throw new ConfigException(file + " lacks " + name(s) + ": delete the file to make new dev secrets");
                }
            }
            return p;
        } catch (IOException e) {
            throw new ConfigException("cannot keep the dev secrets under " + dataDir + ": " + e.getMessage());
        }
    }

    static String name(Secret s) {
        return s.section() + "." + s.key();
    }

    private static void create(Path dataDir, Path file) throws IOException {
        Files.createDirectories(dataDir);
        SecureRandom random = new SecureRandom();
        Properties p = new Properties();
        for (Secret s : SECRETS) {
            byte[] b = new byte[s.bytes()];
            random.nextBytes(b);
            p.setProperty(name(s), Base64.getEncoder().encodeToString(b));
        }
        Path tmp = Files.createTempFile(dataDir, FILE, ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "dev profile secrets, made on first start; never use them in prod");
            }
            // a hard link is made only if the name is free: of two processes starting at once, one file wins
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            // another process made them first: theirs are read
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
