package cn.zikao.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code config/application.yaml}: the {@code base} section, the active profile merged over it, then
 * {@code ${NAME:-default}} placeholders resolved from the environment. The prod profile is checked so that it
 * never runs with a dev provider or without its secrets.
 */
public final class ConfigLoader {
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    public static AppConfig fromEnvironment() {
        return new ConfigLoader(System.getenv()).load(Path.of(System.getenv().getOrDefault("ZIKAO_CONFIG", "config/application.yaml")));
    }

    public AppConfig load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    public AppConfig load(InputStream in) {
        Map<String, Object> root = (Map<String, Object>) Yamls.load(in);
        String profile = env.getOrDefault("ZIKAO_PROFILE", "dev");
        if (!root.containsKey(profile) || "base".equals(profile)) {
            throw new ConfigException("unknown profile ZIKAO_PROFILE=" + profile + " (expected dev or prod)");
        }
        Map<String, Object> merged = merge((Map<String, Object>) root.get("base"), (Map<String, Object>) root.get(profile));
        Map<String, Object> resolved = (Map<String, Object>) resolve(merged);
        if ("dev".equals(profile)) {
            fillDevSecrets(resolved);
        }
        Node n = new Node("", resolved);
        AppConfig config = build(profile, n);
        if ("prod".equals(profile)) {
            checkProd(config);
        }
        checkKeys(config);
        checkRedis(config.redis());
        return config;
    }

    /** Dev secrets not given in the environment come from the data directory ({@link DevSecrets}), never from the jar. */
    @SuppressWarnings("unchecked")
    private static void fillDevSecrets(Map<String, Object> config) {
        java.util.Properties secrets = null;
        for (DevSecrets.Secret s : DevSecrets.SECRETS) {
            if (config.get(s.section()) instanceof Map<?, ?> section
                    && String.valueOf(((Map<String, Object>) section).getOrDefault(s.key(), "")).isBlank()) {
                if (secrets == null) {
                    secrets = DevSecrets.of(Path.of(String.valueOf(config.getOrDefault("dataDir", "data"))));
                }
                ((Map<String, Object>) section).put(s.key(), secrets.getProperty(DevSecrets.name(s)));
            }
        }
    }

    private static void checkRedis(AppConfig.RedisSettings r) {
        if (!"standalone".equals(r.mode()) && !r.cluster()) {
            throw new ConfigException("ZIKAO_REDIS_MODE must be standalone or cluster, not " + r.mode());
        }
        if (r.cluster() && r.uri().isBlank()) {
            throw new ConfigException("ZIKAO_REDIS_MODE=cluster needs ZIKAO_REDIS_URI, the seed nodes (redis://h:p,redis://h:p2)");
        }
    }

    /** The configured id, else host name and HTTP port: distinct for instances side by side on one host. */
    private static String instanceId(String configured, int port) {
        if (!configured.isBlank()) {
            return configured;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + port;
    }

    private AppConfig build(String profile, Node n) {
        Node http = n.node("http"), pg = n.node("postgres"), redis = n.node("redis"), orders = n.node("orders");
        Node sms = n.node("sms"), aliyun = sms.node("aliyun"), jwt = n.node("jwt"), pii = n.node("pii");
        Node work = n.node("work");
        Node payment = n.node("payment"), sim = payment.node("simulator"), wx = payment.node("wechat");
        return new AppConfig(profile,
                new AppConfig.Http(http.integer("port"), http.integer("instances"), http.integer("requestTimeoutMs"),
                        http.integer("idleTimeoutSeconds"), http.integer("headerTimeoutSeconds"),
                        http.integer("maxConnections"), http.string("trustedProxies"),
                        instanceId(http.string("instanceId"), http.integer("port")), http.string("host")),
                new AppConfig.Postgres(pg.string("uri"), pg.integer("maxPoolSize"), pg.integer("maxWaitQueue"),
                        pg.integer("connectTimeoutMs"), pg.integer("statementTimeoutMs")),
                new AppConfig.RedisSettings(redis.string("mode"), redis.string("uri"), redis.integer("maxPoolSize"),
                        redis.integer("maxPoolWaiting"), redis.integer("connectTimeoutMs"), redis.integer("commandTimeoutMs")),
                n.string("plan"), n.string("dataDir"), n.integer("workerPoolSize"),
                new AppConfig.Work(work.bound("passwords"), work.bound("images"), work.bound("captchas"),
                        work.bound("qrCodes"), work.bound("orders"), work.integer("ticketTtlSeconds")),
                new AppConfig.Orders(orders.integer("holdSeconds"), orders.integer("sweepIntervalMs")),
                new AppConfig.Sms(sms.string("provider"), sms.integer("cooldownSeconds"), sms.integer("dailyLimit"),
                        sms.integer("phoneDailyCeiling"), sms.integer("perIpPerHour"), sms.integer("dispatchIntervalMs"),
                        new AppConfig.Aliyun(aliyun.string("endpoint"), aliyun.string("accessKeyId"),
                                aliyun.string("accessKeySecret"), aliyun.string("signName"), aliyun.strings("templates"),
                                aliyun.integer("timeoutMs"))),
                new AppConfig.Captcha(n.node("captcha").bool("devAnswers"), n.node("captcha").integer("perIpPerMinute"),
                        n.node("captcha").integer("perMinute"), n.node("captcha").integer("stock")),
                new AppConfig.Jwt(jwt.string("algorithm"), jwt.string("secret"), jwt.string("issuer"),
                        jwt.string("audience"), jwt.integer("ttlSeconds")),
                new AppConfig.Pii(pii.string("keyId"), pii.string("encryptionKey"), pii.string("hmacKey"), pii.string("keys")),
                new AppConfig.Payment(payment.string("provider"),
                        new AppConfig.Simulator(sim.bool("enabled"), sim.integer("port"), sim.integer("timeScale"),
                                sim.string("host")),
                        new AppConfig.Wechat(wx.string("baseUrl"), wx.string("appId"), wx.string("mchId"),
                                wx.string("merchantSerial"), wx.string("merchantPrivateKeyFile"),
                                wx.string("platformSerial"), wx.string("platformPublicKeyFile"), wx.string("apiV3Key"),
                                wx.string("notifyUrl"), wx.integer("queryAfterSeconds"), wx.string("platformKeys"))));
    }

    private static void checkProd(AppConfig c) {
        if ("outbox".equals(c.sms().provider())) {
            throw new ConfigException("prod profile refuses the dev SMS outbox provider (set ZIKAO_SMS_PROVIDER=aliyun)");
        }
        if (c.captcha().devAnswers()) {
            throw new ConfigException("prod profile refuses dev captcha answers (captcha.devAnswers must be false)");
        }
        if (c.payment().simulator().enabled()) {
            throw new ConfigException("prod profile refuses the payment simulator (payment.simulator.enabled must be false)");
        }
        require(c.jwt().secret(), "ZIKAO_JWT_SECRET");
        require(c.pii().encryptionKey(), "ZIKAO_PII_KEY");
        require(c.pii().hmacKey(), "ZIKAO_PII_HMAC_KEY");
        if ("aliyun".equals(c.sms().provider())) {
            require(c.sms().aliyun().accessKeyId(), "ZIKAO_ALIYUN_ACCESS_KEY_ID");
            require(c.sms().aliyun().accessKeySecret(), "ZIKAO_ALIYUN_ACCESS_KEY_SECRET");
        }
        AppConfig.Wechat wx = c.payment().wechat();
        require(wx.appId(), "ZIKAO_WECHAT_APP_ID");
        require(wx.mchId(), "ZIKAO_WECHAT_MCH_ID");
        require(wx.merchantSerial(), "ZIKAO_WECHAT_MERCHANT_SERIAL");
        require(wx.merchantPrivateKeyFile(), "ZIKAO_WECHAT_MERCHANT_KEY_FILE");
        require(wx.platformSerial(), "ZIKAO_WECHAT_PLATFORM_SERIAL");
        require(wx.platformPublicKeyFile(), "ZIKAO_WECHAT_PLATFORM_KEY_FILE");
        require(wx.apiV3Key(), "ZIKAO_WECHAT_APIV3_KEY");
        require(wx.notifyUrl(), "ZIKAO_WECHAT_NOTIFY_URL");
    }

    private static void checkKeys(AppConfig c) {
        if (c.jwt().secret().length() < 32) {
            throw new ConfigException("the JWT secret (ZIKAO_JWT_SECRET) must be at least 32 characters");
        }
        key32(c.pii().encryptionKey(), "ZIKAO_PII_KEY");
        key32(c.pii().hmacKey(), "ZIKAO_PII_HMAC_KEY");
        checkPiiKeys(c.pii());
        if (!"HS256".equals(c.jwt().algorithm())) {
            throw new ConfigException("jwt.algorithm must be HS256");
        }
    }

    /** The current key id, and the further decryption keys of ZIKAO_PII_KEYS: ids distinct, each key 32 bytes. */
    private static void checkPiiKeys(AppConfig.Pii pii) {
        if (!KEY_ID.matcher(pii.keyId()).matches()) {
            throw new ConfigException("ZIKAO_PII_KEY_ID must be 1-32 letters, digits, '-' or '_'");
        }
        Map<String, String> keys;
        try {
            keys = PiiCipher.decryptionKeys(pii.keys());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ZIKAO_PII_KEYS: " + e.getMessage());
        }
        for (Map.Entry<String, String> k : keys.entrySet()) {
            if (!KEY_ID.matcher(k.getKey()).matches()) {
                throw new ConfigException("ZIKAO_PII_KEYS: key ids must be 1-32 letters, digits, '-' or '_'");
            }
            key32(k.getValue(), "ZIKAO_PII_KEYS key " + k.getKey());
            if (k.getKey().equals(pii.keyId()) && !k.getValue().equals(pii.encryptionKey())) {
                throw new ConfigException("ZIKAO_PII_KEYS gives the current key id " + k.getKey() + " another key");
            }
        }
    }

    private static void key32(String base64, String name) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " is not valid base64");
        }
        if (key.length != 32) {
            throw new ConfigException(name + " must be 32 bytes (base64), got " + key.length);
        }
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ConfigException("prod profile needs the secret " + name + " (missing)");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        if (over == null) {
            return out;
        }
        over.forEach((k, v) -> out.merge(k, v, (a, b) -> a instanceof Map && b instanceof Map
                ? merge((Map<String, Object>) a, (Map<String, Object>) b) : b));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object resolve(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), resolve(v)));
            return out;
        }
        if (value instanceof String s) {
            Matcher mt = PLACEHOLDER.matcher(s);
            StringBuilder sb = new StringBuilder();
            while (mt.find()) {
                String v = env.get(mt.group(1));
                mt.appendReplacement(sb, Matcher.quoteReplacement(v != null && !v.isEmpty() ? v : mt.group(2)));
            }
            mt.appendTail(sb);
            return sb.toString();
        }
        return value;
    }

    /** A typed view of one YAML section with error messages that name the key. */
    private record Node(String path, Map<String, Object> map) {
        @SuppressWarnings("unchecked")
        Node node(String key) {
            Object v = map.get(key);
            if (!(v instanceof Map)) {
                throw new ConfigException("configuration section " + path + key + " is missing");
            }
            return new Node(path + key + ".", (Map<String, Object>) v);
        }

        String string(String key) {
            Object v = map.get(key);
            return v == null ? "" : String.valueOf(v).trim();
        }

        int integer(String key) {
            String s = string(key);
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new ConfigException("configuration " + path + key + " must be an integer, got '" + s + "'");
            }
        }

        /** {@code running:waiting}, e.g. {@code 2:16}; {@code 0:0} refuses all work of the class. */
        AppConfig.Bound bound(String key) {
            String s = string(key);
            String[] parts = s.split(":", -1);
            try {
                AppConfig.Bound b = new AppConfig.Bound(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                if (parts.length == 2 && b.waiting() >= 0 && (b.running() > 0 || b.running() == 0 && b.waiting() == 0)) {
                    return b;
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // reported below
            }
            throw new ConfigException("configuration " + path + key + " must be running:waiting (e.g. 2:16), got '" + s + "'");
        }

        boolean bool(String key) {
            String s = string(key);
            if (!List.of("true", "false").contains(s)) {
                throw new ConfigException("configuration " + path + key + " must be true or false, got '" + s + "'");
            }
            return Boolean.parseBoolean(s);
        }

        Map<String, String> strings(String key) {
            Map<String, String> out = new LinkedHashMap<>();
            node(key).map().forEach((k, v) -> out.put(k, String.valueOf(v)));
            return Map.copyOf(out);
        }
    }
}
