package cn.zikao.sms;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.LuaScript;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Problem;
import cn.zikao.platform.RedisStore;
import cn.zikao.platform.Texts;
import cn.zikao.platform.Times;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * How often codes may be sent: per phone one per cooldown and a daily cap (China days), per client address an
 * hourly cap (a second line of defence, sized for the NATs many candidates share; the captcha and the phone's
 * limits come first). The keys carry the HMAC of the phone or address and the day or hour of the service clock,
 * never the clear value.
 */
final class SmsLimits {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH");
    // KEYS: cooldown, day counter. ARGV: cooldown s, daily limit, day counter ttl s. {0} ok, {1, s} cooling, {2} day cap.
    private static final LuaScript PHONE_LIMITS = LuaScript.of(SmsLimits.class, "phone-limits.lua");
    // KEYS: the IP's counter for this hour. ARGV: ttl s. Counts a request that is going to send.
    private static final LuaScript IP_COUNT = LuaScript.of(SmsLimits.class, "ip-count.lua");

    private final RedisStore redis;
    private final PiiCipher pii;
    private final AppConfig.Sms config;
    private final Clock clock;

    SmsLimits(RedisStore redis, PiiCipher pii, AppConfig.Sms config, Clock clock) {
        this.redis = redis;
        this.pii = pii;
        this.config = config;
        this.clock = clock;
    }

    Future<Void> countIp(String ip) {
        return redis.eval(IP_COUNT, List.of(ipKey(ip)), List.of("3700")).mapEmpty();
    }

    private String ipKey(String ip) {
        return "zk:sms-ip:{" + pii.hmacHex("ip:" + ip) + "}:" + HOUR.format(clock.instant().atZone(Times.CHINA));
    }

    /** The per-IP hourly cap counts requests that passed the phone's limits, so waiting out a cooldown costs nothing. */
    Future<Void> checkIp(String ip) {
        return redis.api().get(ipKey(ip)).compose(r -> {
            if (r == null || r.toInteger() < config.perIpPerHour()) {
                return Future.succeededFuture();
            }
            ZonedDateTime now = clock.instant().atZone(Times.CHINA);
            int retry = (int) Math.max(1, Duration.between(now, now.truncatedTo(ChronoUnit.HOURS).plusHours(1)).toSeconds());
            return Future.failedFuture(Problem.tooMany("SMS_DAILY_LIMIT", "problem.sms-daily-limit.title",
                    "problem.sms-daily-limit.network", retry));
        });
    }

    /** Takes one send from the phone's allowance (cooldown and day), or fails with 429. */
    Future<Void> takePhone(byte[] hmac) {
        String hex = HexFormat.of().formatHex(hmac);
        ZonedDateTime now = clock.instant().atZone(Times.CHINA);
        int toMidnight = (int) Math.max(1, Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(Times.CHINA)).toSeconds());
        List<String> keys = List.of("zk:sms:{" + hex + "}:cool", "zk:sms:{" + hex + "}:day:" + DAY.format(now));
        return redis.eval(PHONE_LIMITS, keys, List.of(String.valueOf(config.cooldownSeconds()),
                String.valueOf(config.dailyLimit()), String.valueOf(toMidnight + 3600))).compose(r -> switch (r.get(0).toInteger()) {
                    case 0 -> Future.succeededFuture();
                    case 1 -> Future.failedFuture(Problem.tooMany("SMS_TOO_FREQUENT", "problem.sms-too-frequent.title",
                            Texts.of("problem.sms-too-frequent.detail", r.get(1).toInteger()), r.get(1).toInteger()));
                    default -> Future.failedFuture(Problem.tooMany("SMS_DAILY_LIMIT", "problem.sms-daily-limit.phone-title",
                            "problem.sms-daily-limit.phone", toMidnight));
                });
    }
}
