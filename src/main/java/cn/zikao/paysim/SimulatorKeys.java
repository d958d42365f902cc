package cn.zikao.paysim;

import cn.zikao.payment.Rsa;
import cn.zikao.platform.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Dev keys, generated on first start (never committed) under {@code <dataDir>/paysim/}: the merchant's RSA
 * pair, the simulated platform's RSA pair, their serials and the APIv3 key. The service and a standalone
 * simulator read the same files, so either may start first.
 */
public record SimulatorKeys(Path dir, String merchantSerial, String platformSerial, String apiV3Key) {
    static final String MERCHANT_PRIVATE = "merchant_private.pem";
    static final String MERCHANT_PUBLIC = "merchant_public.pem";
    static final String PLATFORM_PRIVATE = "platform_private.pem";
    static final String PLATFORM_PUBLIC = "platform_public.pem";
    static final String IDS = "keys.properties";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** The keys under {@code <dataDir>/paysim}, generated first if they are not there yet. */
    public static synchronized SimulatorKeys ensure(String dataDir) {
        Path dir = Path.of(dataDir, "paysim").toAbsolutePath();
        try {
            if (!Files.exists(dir.resolve(IDS))) {
                generate(dir);
            }
            Properties p = new Properties();
            try (var in = Files.newInputStream(dir.resolve(IDS))) {
                p.load(in);
            }
            return new SimulatorKeys(dir, p.getProperty("merchantSerial"), p.getProperty("platformSerial"),
                    p.getProperty("apiV3Key"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare dev payment keys under " + dir, e);
        }
    }

    /**
     * The dev configuration with its empty WeChat Pay settings filled: these keys, the simulator as the
     * gateway and this service as the notify URL. Settings given explicitly are kept.
     */
    public static AppConfig fill(AppConfig config) {
        if (!config.dev()) {
            return config;
        }
        SimulatorKeys k = ensure(config.dataDir());
        AppConfig.Wechat w = config.payment().wechat();
        return config.withWechat(new AppConfig.Wechat(
                or(w.baseUrl(), "http://127.0.0.1:" + config.payment().simulator().port()),
                w.appId(), w.mchId(),
                or(w.merchantSerial(), k.merchantSerial()),
                or(w.merchantPrivateKeyFile(), k.dir().resolve(MERCHANT_PRIVATE).toString()),
                or(w.platformSerial(), k.platformSerial()),
                or(w.platformPublicKeyFile(), k.dir().resolve(PLATFORM_PUBLIC).toString()),
                or(w.apiV3Key(), k.apiV3Key()),
                or(w.notifyUrl(), "http://127.0.0.1:" + config.http().port() + "/api/v1/payments/wechat/notify"),
                w.queryAfterSeconds(), w.platformKeys()));
    }

    PublicKey merchantPublicKey() {
        return Rsa.publicKey(read(MERCHANT_PUBLIC));
    }

    PrivateKey platformPrivateKey() {
        return Rsa.privateKey(read(PLATFORM_PRIVATE));
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Written into a temporary directory and moved into place at once, so a reader never sees half a set. */
    private static void generate(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), "paysim-keys");
        KeyPair merchant = Rsa.generate();
        KeyPair platform = Rsa.generate();
        Files.writeString(tmp.resolve(MERCHANT_PRIVATE), Rsa.pem(merchant.getPrivate()));
        Files.writeString(tmp.resolve(MERCHANT_PUBLIC), Rsa.pem(merchant.getPublic()));
        Files.writeString(tmp.resolve(PLATFORM_PRIVATE), Rsa.pem(platform.getPrivate()));
        Files.writeString(tmp.resolve(PLATFORM_PUBLIC), Rsa.pem(platform.getPublic()));
        Properties p = new Properties();
        p.setProperty("merchantSerial", serial());
        p.setProperty("platformSerial", serial());
        p.setProperty("apiV3Key", newApiV3Key());
        try (var out = Files.newOutputStream(tmp.resolve(IDS))) {
            p.store(out, "dev payment keys, generated; never use in prod");
        }
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(tmp);
    }

    private static String serial() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    private static String newApiV3Key() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
