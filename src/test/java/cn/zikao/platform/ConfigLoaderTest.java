package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    private static final Path FILE = Path.of("config/application.yaml");

    /** Everything the prod profile needs, so that each test removes or breaks exactly one thing. */
    static Map<String, String> prodEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("ZIKAO_PROFILE", "prod");
        env.put("ZIKAO_PG_URI", "postgresql://zikao@db.internal:5432/zikao");
        env.put("ZIKAO_REDIS_URI", "redis://cache.internal:6379/0");
        env.put("ZIKAO_JWT_SECRET", "prod-jwt-secret-of-at-least-32-characters!");
        env.put("ZIKAO_PII_KEY", "cHJvZC1waWktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=");
        env.put("ZIKAO_PII_HMAC_KEY", "cHJvZC1waWktaG1hYy1rZXktb2YtMzItYnl0ZXMtLS0=");
        env.put("ZIKAO_ALIYUN_ACCESS_KEY_ID", "LTAI000000");
        env.put("ZIKAO_ALIYUN_ACCESS_KEY_SECRET", "aliyun-secret");
        env.put("ZIKAO_WECHAT_APP_ID", "wx0000000000000001");
        env.put("ZIKAO_WECHAT_MCH_ID", "1900000109");
        env.put("ZIKAO_WECHAT_MERCHANT_SERIAL", "5157F09EFDC096DE15EBE81A47057A72");
        env.put("ZIKAO_WECHAT_MERCHANT_KEY_FILE", "/run/secrets/apiclient_key.pem");
        env.put("ZIKAO_WECHAT_PLATFORM_SERIAL", "PUB_KEY_ID_0000000000000000000000000001");
        env.put("ZIKAO_WECHAT_PLATFORM_KEY_FILE", "/run/secrets/pub_key.pem");
        env.put("ZIKAO_WECHAT_APIV3_KEY", "0123456789abcdef0123456789abcdef");
        env.put("ZIKAO_WECHAT_NOTIFY_URL", "https://zikao.example.cn/api/v1/payments/wechat/notify");
        return env;
    }

    private static AppConfig load(Map<String, String> env) {
        return new ConfigLoader(env).load(FILE);
    }

    private static String refusal(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> load(env)).getMessage();
    }

    @Test
    @DisplayName("with no environment the dev profile gives the README's defaults and no store addresses (embedded servers)")
    void devDefaults() {
        AppConfig c = load(Map.of());
        assertEquals("dev", c.profile());
        assertTrue(c.dev());
        assertEquals(8080, c.http().port());
        assertEquals("", c.postgres().uri());
        assertEquals("", c.redis().uri());
        assertEquals("config/exam-plan.yaml", c.plan());
        assertEquals("data", c.dataDir());
        assertEquals(8090, c.payment().simulator().port());
        assertEquals(1800, c.orders().holdSeconds());
        assertEquals(2000, c.sms().perIpPerHour());
        assertEquals(1800, c.jwt().ttlSeconds());
        assertEquals(new AppConfig.Bound(2, 16), c.work().passwords());
        assertEquals(new AppConfig.Bound(16, 128), c.work().orders());
        assertEquals(60, c.http().idleTimeoutSeconds());
        assertEquals(10000, c.http().maxConnections());
        assertEquals("", c.http().trustedProxies());
        assertEquals(256, c.postgres().maxWaitQueue());
        assertEquals(60, c.sms().cooldownSeconds());
        assertEquals(10, c.sms().dailyLimit());
        assertEquals("outbox", c.sms().provider());
        assertTrue(c.captcha().devAnswers());
        assertTrue(c.payment().simulator().enabled());
    }

    @Test
    @DisplayName("every environment override that the README lists changes its setting")
    void everyOverride() {
        Map<String, String> env = new HashMap<>();
        env.put("ZIKAO_HTTP_PORT", "9181");
        env.put("ZIKAO_PG_URI", "postgresql://app@10.0.0.5:6432/zikao");
        env.put("ZIKAO_REDIS_URI", "redis://10.0.0.6:6380/3");
        env.put("ZIKAO_PLAN", "/etc/zikao/plan-2027.yaml");
        env.put("ZIKAO_PAYSIM_PORT", "9190");
        env.put("ZIKAO_ORDER_HOLD_SECONDS", "900");
        env.put("ZIKAO_SMS_PER_IP_PER_HOUR", "12");
        env.put("ZIKAO_JWT_TTL_SECONDS", "600");
        env.put("ZIKAO_SMS_COOLDOWN_SECONDS", "90");
        env.put("ZIKAO_SMS_DAILY_LIMIT", "4");
        env.put("ZIKAO_HTTP_INSTANCES", "3");
        env.put("ZIKAO_PG_POOL_SIZE", "40");
        env.put("ZIKAO_DATA_DIR", "/var/lib/zikao");
        env.put("ZIKAO_WORK_PASSWORDS", "4:40");
        env.put("ZIKAO_WORK_IMAGES", "3:9");
        env.put("ZIKAO_WORK_CAPTCHAS", "1:5");
        env.put("ZIKAO_WORK_QR_CODES", "2:2");
        env.put("ZIKAO_WORK_ORDERS", "0:0");
        env.put("ZIKAO_QUEUE_TICKET_TTL_SECONDS", "300");
        env.put("ZIKAO_PG_MAX_WAIT_QUEUE", "64");
        env.put("ZIKAO_REDIS_COMMAND_TIMEOUT_MS", "700");
        env.put("ZIKAO_HTTP_IDLE_TIMEOUT_SECONDS", "75");
        env.put("ZIKAO_HTTP_HEADER_TIMEOUT_SECONDS", "20");
        env.put("ZIKAO_HTTP_MAX_CONNECTIONS", "500");
        env.put("ZIKAO_TRUSTED_PROXIES", "10.0.0.0/8");
        env.put("ZIKAO_HTTP_HOST", "10.0.0.9");
        env.put("ZIKAO_PAYSIM_HOST", "10.0.0.10");
        env.put("ZIKAO_JWT_SECRET", "an-override-jwt-secret-of-32-characters!");
        env.put("ZIKAO_PII_KEY", "cHJvZC1waWktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=");
        env.put("ZIKAO_PII_HMAC_KEY", "cHJvZC1waWktaG1hYy1rZXktb2YtMzItYnl0ZXMtLS0=");
        AppConfig c = load(env);
        assertEquals("10.0.0.10", c.payment().simulator().host());
        assertEquals("an-override-jwt-secret-of-32-characters!", c.jwt().secret());
        assertEquals(new AppConfig.Work(new AppConfig.Bound(4, 40), new AppConfig.Bound(3, 9), new AppConfig.Bound(1, 5),
                new AppConfig.Bound(2, 2), new AppConfig.Bound(0, 0), 300), c.work());
        assertEquals(64, c.postgres().maxWaitQueue());
        assertEquals(700, c.redis().commandTimeoutMs());
        assertEquals(new AppConfig.Http(9181, 3, 10000, 75, 20, 500, "10.0.0.0/8", c.http().instanceId(), "10.0.0.9"), c.http());
        assertEquals(9181, c.http().port());
        assertEquals("postgresql://app@10.0.0.5:6432/zikao", c.postgres().uri());
        assertEquals("redis://10.0.0.6:6380/3", c.redis().uri());
        assertEquals("/etc/zikao/plan-2027.yaml", c.plan());
        assertEquals(9190, c.payment().simulator().port());
        assertEquals(900, c.orders().holdSeconds());
        assertEquals(12, c.sms().perIpPerHour());
        assertEquals(600, c.jwt().ttlSeconds());
        assertEquals(90, c.sms().cooldownSeconds());
        assertEquals(4, c.sms().dailyLimit());
        assertEquals(3, c.http().instances());
        assertEquals(40, c.postgres().maxPoolSize());
        assertEquals("/var/lib/zikao", c.dataDir());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "2:", ":3", "a:b", "-1:4", "0:5", "2:3:4"})
    @DisplayName("a work bound that is not running:waiting stops start-up naming the setting")
    void badWorkBound(String bound) {
        Map<String, String> env = new HashMap<>();
        env.put("ZIKAO_WORK_PASSWORDS", bound);
        assertEquals("configuration work.passwords must be running:waiting (e.g. 2:16), got '" + bound + "'", refusal(env));
    }

    @Test
    @DisplayName("ZIKAO_PROFILE selects prod, which loads when every secret is given and no dev provider is on")
    void prodLoads() {
        AppConfig c = load(prodEnv());
        assertEquals("prod", c.profile());
        assertFalse(c.dev());
        assertEquals("aliyun", c.sms().provider());
        assertFalse(c.captcha().devAnswers());
        assertFalse(c.payment().simulator().enabled());
        assertEquals("prod-jwt-secret-of-at-least-32-characters!", c.jwt().secret());
    }

    @Test
    @DisplayName("an unknown profile is refused with a message naming ZIKAO_PROFILE")
    void unknownProfile() {
        assertEquals("unknown profile ZIKAO_PROFILE=staging (expected dev or prod)",
                refusal(Map.of("ZIKAO_PROFILE", "staging")));
    }

    @ParameterizedTest(name = "prod without {0} is refused with a message naming it")
    @ValueSource(strings = {"ZIKAO_JWT_SECRET", "ZIKAO_PII_KEY", "ZIKAO_PII_HMAC_KEY", "ZIKAO_ALIYUN_ACCESS_KEY_ID",
            "ZIKAO_ALIYUN_ACCESS_KEY_SECRET", "ZIKAO_WECHAT_APP_ID", "ZIKAO_WECHAT_MCH_ID", "ZIKAO_WECHAT_MERCHANT_SERIAL",
            "ZIKAO_WECHAT_MERCHANT_KEY_FILE", "ZIKAO_WECHAT_PLATFORM_SERIAL", "ZIKAO_WECHAT_PLATFORM_KEY_FILE",
            "ZIKAO_WECHAT_APIV3_KEY", "ZIKAO_WECHAT_NOTIFY_URL"})
    @DisplayName("prod refuses to start without a secret and names the missing one")
    void prodNeedsEverySecret(String secret) {
        Map<String, String> env = prodEnv();
        env.remove(secret);
        String message = refusal(env);
        assertEquals("prod profile needs the secret " + secret + " (missing)", message);
        assertEquals(1, message.lines().count());
    }

    @Test
    @DisplayName("prod refuses the SMS outbox, the dev SMS provider")
    void prodRefusesSmsOutbox() {
        Map<String, String> env = prodEnv();
        env.put("ZIKAO_SMS_PROVIDER", "outbox");
        assertEquals("prod profile refuses the dev SMS outbox provider (set ZIKAO_SMS_PROVIDER=aliyun)", refusal(env));
    }

    @Test
    @DisplayName("prod refuses dev captcha answers and the payment simulator even when a configuration file turns them on")
    void prodRefusesDevCaptchaAndSimulator() throws IOException {
        String yaml = Files.readString(FILE);
        String captchaOn = yaml.replace("prod:\n", "prod:\n  captcha:\n    devAnswers: true\n")
                .replaceFirst("(?s)(prod:.*?)  captcha:\n    devAnswers: false\n", "$1");
        assertEquals("prod profile refuses dev captcha answers (captcha.devAnswers must be false)",
                assertThrows(ConfigException.class, () -> loadText(captchaOn)).getMessage());
        String simulatorOn = yaml.replaceFirst("(?s)(prod:.*simulator:\n      enabled: )false", "$1true");
        assertEquals("prod profile refuses the payment simulator (payment.simulator.enabled must be false)",
                assertThrows(ConfigException.class, () -> loadText(simulatorOn)).getMessage());
    }

    private static AppConfig loadText(String yaml) {
        return new ConfigLoader(prodEnv()).load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("a short JWT secret, a PII key of the wrong length and a non-number are refused in any profile")
    void badValues() {
        assertEquals("the JWT secret (ZIKAO_JWT_SECRET) must be at least 32 characters",
                refusal(Map.of("ZIKAO_JWT_SECRET", "short")));
        assertEquals("ZIKAO_PII_KEY must be 32 bytes (base64), got 3", refusal(Map.of("ZIKAO_PII_KEY", "YWJj")));
        assertEquals("ZIKAO_PII_HMAC_KEY is not valid base64", refusal(Map.of("ZIKAO_PII_HMAC_KEY", "%%%")));
        assertEquals("configuration http.port must be an integer, got 'eighty'", refusal(Map.of("ZIKAO_HTTP_PORT", "eighty")));
    }

    @Test
    @DisplayName("ZIKAO_REDIS_MODE: standalone by default, cluster with its seed list, anything else or a cluster without seeds refused")
    void redisMode() {
        assertEquals("standalone", load(Map.of()).redis().mode());
        AppConfig c = load(Map.of("ZIKAO_REDIS_MODE", "cluster", "ZIKAO_REDIS_URI", "redis://10.0.0.7:7000,redis://10.0.0.8:7000"));
        assertTrue(c.redis().cluster());
        assertEquals("redis://10.0.0.7:7000,redis://10.0.0.8:7000", c.redis().uri());
        assertEquals("ZIKAO_REDIS_MODE must be standalone or cluster, not sentinel", refusal(Map.of("ZIKAO_REDIS_MODE", "sentinel")));
        assertEquals("ZIKAO_REDIS_MODE=cluster needs ZIKAO_REDIS_URI, the seed nodes (redis://h:p,redis://h:p2)",
                refusal(Map.of("ZIKAO_REDIS_MODE", "cluster")));
    }
}
