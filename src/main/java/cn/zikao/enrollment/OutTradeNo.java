package cn.zikao.enrollment;

import cn.zikao.platform.Times;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** The order number the gateway sees: 6–32 of {@code [0-9A-Za-z_-]}, unique (and PostgreSQL says so). */
final class OutTradeNo {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyMMddHHmmss").withZone(Times.CHINA);
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private OutTradeNo() {}

    /** {@code ZK} + sitting + local time + 10 random base62 characters: 27 of [0-9A-Za-z], as the gateway wants. */
    static String next(String sitting, Instant now) {
        StringBuilder b = new StringBuilder(32).append("ZK").append(sitting).append(COMPACT.format(now));
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            b.append(BASE62.charAt(r.nextInt(62)));
        }
        return b.toString();
    }
}
