package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.ServiceProcess;
import cn.zikao.testing.TestApp;
import cn.zikao.testing.TestStores;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dev profile fails closed: it listens on loopback unless told otherwise, its secrets are made per data directory
 * (nothing shipped signs a token or encrypts a number), and it says at start-up what it exposes.
 */
class DevProfileTest {
    private static final Path FILE = Path.of("config/application.yaml");

    @RegisterExtension
    static final TestApp app = TestApp.create();

    private static AppConfig load(Map<String, String> env) {
        return new ConfigLoader(env).load(FILE);
    }

    @Test
    @DisplayName("dev listens on loopback (service and payment simulator) unless ZIKAO_HTTP_HOST says otherwise; prod on every interface")
    void loopbackByDefault() throws IOException {
        Path data = Files.createTempDirectory("zikao-dev");
        assertEquals("127.0.0.1", load(Map.of("ZIKAO_DATA_DIR", data.toString())).http().host());
        assertEquals("127.0.0.1", load(Map.of("ZIKAO_DATA_DIR", data.toString())).payment().simulator().host());
        assertEquals("0.0.0.0", load(Map.of("ZIKAO_DATA_DIR", data.toString(), "ZIKAO_HTTP_HOST", "0.0.0.0")).http().host());
        assertEquals("0.0.0.0", load(ConfigLoaderTest.prodEnv()).http().host());

        InetAddress outside = nonLoopbackAddress();
        int port = app.config().http().port();
        assertEquals(200, app.api().get("/health").status(), "answers on 127.0.0.1");
        assertThrows(IOException.class, () -> connect(outside, port), "refused on " + outside);
        assertThrows(IOException.class, () -> connect(outside, app.config().payment().simulator().port()),
                "the simulator refused on " + outside);
        try (Socket s = connect(InetAddress.getLoopbackAddress(), app.config().payment().simulator().port())) {
            assertTrue(s.isConnected(), "the simulator answers on loopback");
        }
    }

    @Test
    @DisplayName("dev secrets are made at random per data directory, kept owner-only, the same on every load, and an environment value wins")
    void secretsPerDataDirectory() throws IOException {
        Path a = Files.createTempDirectory("zikao-dev-a");
        Path b = Files.createTempDirectory("zikao-dev-b");
        AppConfig first = load(Map.of("ZIKAO_DATA_DIR", a.toString()));
        AppConfig again = load(Map.of("ZIKAO_DATA_DIR", a.toString()));
        AppConfig other = load(Map.of("ZIKAO_DATA_DIR", b.toString()));
        assertEquals(first.jwt().secret(), again.jwt().secret());
        assertEquals(first.pii(), again.pii());
        assertNotEquals(first.jwt().secret(), other.jwt().secret());
        assertNotEquals(first.pii().encryptionKey(), other.pii().encryptionKey());
        assertNotEquals(first.pii().hmacKey(), other.pii().hmacKey());
        assertNotEquals(first.pii().encryptionKey(), first.pii().hmacKey());
        assertTrue(first.jwt().secret().length() >= 32);
        Path file = a.resolve("dev-secrets.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).contains(first.jwt().secret()));

        AppConfig given = load(Map.of("ZIKAO_DATA_DIR", b.toString(), "ZIKAO_JWT_SECRET", "a-secret-given-in-the-environment-32+"));
        assertEquals("a-secret-given-in-the-environment-32+", given.jwt().secret());
        assertEquals(other.pii(), given.pii());
        assertFalse(Files.readString(FILE).matches("(?s).*\\$\\{ZIKAO_(JWT_SECRET|PII_KEY|PII_HMAC_KEY):-[^}]+}.*"),
                "the configuration ships no default secret");
    }

    @Test
    @DisplayName("prod never makes or reads dev secrets: without ZIKAO_JWT_SECRET it still refuses to start")
    void prodMakesNoSecrets() throws IOException {
        Path data = Files.createTempDirectory("zikao-prod");
        Map<String, String> env = ConfigLoaderTest.prodEnv();
        env.put("ZIKAO_DATA_DIR", data.toString());
        env.remove("ZIKAO_JWT_SECRET");
        assertEquals("prod profile needs the secret ZIKAO_JWT_SECRET (missing)",
                assertThrows(ConfigException.class, () -> load(env)).getMessage());
        assertFalse(Files.exists(data.resolve("dev-secrets.properties")));
    }

    @Test
    @DisplayName("at start-up the dev profile says what it exposes: the SMS and captcha helpers, the simulator, where its secrets are, and its address")
    void saysWhatItExposes() throws Exception {
        try (TestStores.Lease lease = TestStores.lease()) {
            Path data = Files.createTempDirectory("zikao-dev-run");
            int port = TestApp.freePort();
            Map<String, String> env = new HashMap<>();
            env.put("ZIKAO_PROFILE", "dev");
            env.put("ZIKAO_PG_URI", lease.pgUri());
            env.put("ZIKAO_REDIS_URI", lease.redisUri());
            env.put("ZIKAO_HTTP_PORT", String.valueOf(port));
            env.put("ZIKAO_PAYSIM_PORT", String.valueOf(TestApp.freePort()));
            env.put("ZIKAO_HTTP_INSTANCES", "1");
            env.put("ZIKAO_DATA_DIR", data.toString());
            try (ServiceProcess p = ServiceProcess.start(env)) {
                Api api = new Api("http://127.0.0.1:" + port);
                for (int i = 0; i < 600 && !p.stdout().contains("ready at"); i++) {
                    assertTrue(p.alive(), () -> "exited: " + p.stderr() + p.stdout());
                    Thread.sleep(100);
                }
                String out = p.stdout();
                assertTrue(out.contains("ready at http://localhost:" + port + "/"), out);
                assertTrue(out.contains("dev profile: GET /dev/sms answers any phone's SMS codes"), out);
                assertTrue(out.contains("the payment simulator marks any order paid at 127.0.0.1:"), out);
                assertTrue(out.contains(data.resolve("dev-secrets.properties").toAbsolutePath().toString()), out);
                assertTrue(out.contains("listening on 127.0.0.1:" + port + " (this machine only)"), out);
                assertEquals(200, api.get("/health").status());
                assertTrue(Files.exists(data.resolve("dev-secrets.properties")));
                p.terminate();
                assertEquals(0, p.exitCode(30), p.stderr());
            }
        }
    }

    private static Socket connect(InetAddress address, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(address, port), 2000);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** An address of this machine that is not loopback (the test needs one to show what is not listened on). */
    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && !nif.isLoopback()) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a;
                    }
                }
            }
        }
        throw new AssertionError("this test needs a network interface other than loopback");
    }
}
