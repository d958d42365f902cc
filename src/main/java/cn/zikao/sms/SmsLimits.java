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
import java.util.List;

/**
 * How often codes may be sent. What is limited (a phone, or a name + ID number asked by) is the subject; who asks is
 * the requester, the client address. Per subject and requester: one code per cooldown and a daily cap (China days);
 * per subject from all requesters together: a daily ceiling above that cap, so that one address spending its cap on
 * someone else's phone leaves the owner theirs. Per requester: an hourly cap over all subjects (a second line of
 * defence, sized for the NATs many candidates share; the captcha comes first). The keys carry HMACs of the phone, ID
 * number and address and the day or hour of the service clock, never the clear value; a subject's keys share its
 * hash tag.
 */
final class SmsLimits {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH");
    // KEYS: the requester's cooldown, the requester's day counter, the subject's day counter (one hash tag).
    // ARGV: cooldown s, daily cap, daily ceiling, day counter ttl s. {0} taken, {1, s} cooling, {2} cap, {3} ceiling.
    private static final LuaScript ALLOWANCE = LuaScript.of(SmsLimits.class, "allowance.lua");
    // KEYS: the IP's counter for this hour. ARGV: ttl s. Counts a request that is going to send.
    private static final LuaScript IP_COUNT = LuaScript.of(SmsLimits.class, "ip-count.lua");

    private final RedisStore redis;
    private final PiiCipher pii;
    private final AppConfig.Sms config;
    private final Clock clock;

    /** What a limit counts: {@code prefix} ends in the subject's hash tag, e.g. {@code zk:sms:{<phone HMAC>}}. */
    record Subject(String prefix) {
        static Subject phone(String phoneHex) {
            return new Subject("zk:sms:{" + phoneHex + "}");
        }

        static Subject person(String idHex) {
            return new Subject("zk:sms-id:{" + idHex + "}");
        }
    }

    SmsLimits(RedisStore redis, PiiCipher pii, AppConfig.Sms config, Clock clock) {
        this.redis = redis;
        this.pii = pii;
        this.config = config;
        this.clock = clock;
    }

    Future<Void> countIp(String ip) {
        return redis.eval(IP_COUNT, List.of(ipKey(ip)), List.of("3700")).mapEmpty();
    }

    private String requester(String ip) {
        return pii.hmacHex("ip:" + ip);
    }

    private String ipKey(String ip) {
        return "zk:sms-ip:{" + requester(ip) + "}:" + HOUR.format(clock.instant().atZone(Times.CHINA));
    }

    /** The per-IP hourly cap counts requests that passed the other limits, so waiting out a cooldown costs nothing. */
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

    /** Takes one send from what this requester may ask for the subject (cooldown, day cap, ceiling), or fails with 429. */
    Future<Void> take(Subject subject, String ip) {
        int toMidnight = secondsToMidnight();
        return allowance(subject, ip, config.cooldownSeconds(), toMidnight).compose(r -> switch (r.get(0).toInteger()) {
            case 0 -> Future.succeededFuture();
            case 1 -> Future.failedFuture(Problem.tooMany("SMS_TOO_FREQUENT", "problem.sms-too-frequent.title",
                    Texts.of("problem.sms-too-frequent.detail", r.get(1).toInteger()), r.get(1).toInteger()));
            default -> Future.failedFuture(Problem.tooMany("SMS_DAILY_LIMIT", "problem.sms-daily-limit.phone-title",
                    "problem.sms-daily-limit.phone", toMidnight));
        });
    }

    /**
     * Takes one send from the subject's day cap and ceiling without a cooldown, answering whether it could: for the
     * phone behind a name + ID number, whose visible limits are those of the name + ID number.
     */
    Future<Boolean> takeQuietly(Subject subject, String ip) {
        return allowance(subject, ip, 0, secondsToMidnight()).map(r -> r.get(0).toInteger() == 0);
    }

    private Future<io.vertx.redis.client.Response> allowance(Subject subject, String ip, int cooldown, int toMidnight) {
        String mine = subject.prefix() + ":" + requester(ip);
        String day = DAY.format(clock.instant().atZone(Times.CHINA));
        List<String> keys = List.of(mine + ":cool", mine + ":day:" + day, subject.prefix() + ":day:" + day);
        return redis.eval(ALLOWANCE, keys, List.of(String.valueOf(cooldown), String.valueOf(config.dailyLimit()),
                String.valueOf(Math.max(config.dailyLimit(), config.phoneDailyCeiling())), String.valueOf(toMidnight + 3600)));
    }

    private int secondsToMidnight() {
        ZonedDateTime now = clock.instant().atZone(Times.CHINA);
        return (int) Math.max(1, Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(Times.CHINA)).toSeconds());
    }
}
