package cn.zikao.platform;

import java.util.Map;

/** The whole configuration, read once at start-up (see {@link ConfigLoader}). */
public record AppConfig(
        String profile,
        Http http,
        Postgres postgres,
        RedisSettings redis,
        String plan,
        String dataDir,
        int workerPoolSize,
        Work work,
        Orders orders,
        Sms sms,
        Captcha captcha,
        Jwt jwt,
        Pii pii,
        Payment payment) {

    public boolean dev() {
        return "dev".equals(profile);
    }

    /**
     * {@code instanceId} names this instance in every response ({@code X-Zikao-Instance}); {@code host} is the address
     * listened on (loopback in dev unless told otherwise).
     */
    public record Http(int port, int instances, int requestTimeoutMs, int idleTimeoutSeconds, int headerTimeoutSeconds,
                       int maxConnections, String trustedProxies, String instanceId, String host) {}

    public record Postgres(String uri, int maxPoolSize, int maxWaitQueue, int connectTimeoutMs, int statementTimeoutMs) {}

    /** {@code mode} standalone or cluster; in cluster mode {@code uri} lists seed nodes, comma-separated. */
    public record RedisSettings(String mode, String uri, int maxPoolSize, int maxPoolWaiting, int connectTimeoutMs,
                                int commandTimeoutMs) {
        public boolean cluster() {
            return "cluster".equals(mode);
        }
    }

    /** The bounds of each class of work, and how long a place in a waiting room is good. */
    public record Work(Bound passwords, Bound images, Bound captchas, Bound qrCodes, Bound orders, int ticketTtlSeconds) {}

    /** How many of a class of work run at once, and how many more may wait for them. */
    public record Bound(int running, int waiting) {}

    public record Orders(int holdSeconds, int sweepIntervalMs) {}

    public record Sms(String provider, int cooldownSeconds, int dailyLimit, int phoneDailyCeiling, int perIpPerHour,
                      int dispatchIntervalMs, Aliyun aliyun) {}

    public record Aliyun(String endpoint, String accessKeyId, String accessKeySecret, String signName,
                         Map<String, String> templates, int timeoutMs) {}

    /**
     * {@code perIpPerMinute}: captchas one client address may take a minute; {@code perMinute}: all of them together;
     * {@code stock}: how many an instance draws ahead while it is idle.
     */
    public record Captcha(boolean devAnswers, int perIpPerMinute, int perMinute, int stock) {}

    public record Jwt(String algorithm, String secret, String issuer, String audience, int ttlSeconds) {}

    /** {@code keys}: further keys that only decrypt, {@code id:base64[,id:base64...]} (a key being rotated out). */
    public record Pii(String keyId, String encryptionKey, String hmacKey, String keys) {
        public Pii(String keyId, String encryptionKey, String hmacKey) {
            this(keyId, encryptionKey, hmacKey, "");
        }
    }

    public record Payment(String provider, Simulator simulator, Wechat wechat) {}

    /** {@code host}: the address the simulator listens on (loopback unless told otherwise: it marks orders paid). */
    public record Simulator(boolean enabled, int port, int timeScale, String host) {}

    public record Wechat(String baseUrl, String appId, String mchId, String merchantSerial, String merchantPrivateKeyFile,
                         String platformSerial, String platformPublicKeyFile, String apiV3Key, String notifyUrl,
                         int queryAfterSeconds, String platformKeys) {
        public Wechat(String baseUrl, String appId, String mchId, String merchantSerial, String merchantPrivateKeyFile,
                      String platformSerial, String platformPublicKeyFile, String apiV3Key, String notifyUrl,
                      int queryAfterSeconds) {
            this(baseUrl, appId, mchId, merchantSerial, merchantPrivateKeyFile, platformSerial, platformPublicKeyFile,
                    apiV3Key, notifyUrl, queryAfterSeconds, "");
        }
    }

    /** A copy with other database and Redis addresses (embedded servers, tests). */
    public AppConfig withStores(String pgUri, String redisUri) {
        return new AppConfig(profile, http,
                new Postgres(pgUri, postgres.maxPoolSize(), postgres.maxWaitQueue(), postgres.connectTimeoutMs(),
                        postgres.statementTimeoutMs()),
                new RedisSettings(redis.mode(), redisUri, redis.maxPoolSize(), redis.maxPoolWaiting(), redis.connectTimeoutMs(),
                        redis.commandTimeoutMs()),
                plan, dataDir, workerPoolSize, work, orders, sms, captcha, jwt, pii, payment);
    }

    /** A copy with other WeChat Pay settings (dev keys generated at start-up). */
    public AppConfig withWechat(Wechat wechat) {
        return new AppConfig(profile, http, postgres, redis, plan, dataDir, workerPoolSize, work, orders, sms, captcha, jwt,
                pii, new Payment(payment.provider(), payment.simulator(), wechat));
    }
}
