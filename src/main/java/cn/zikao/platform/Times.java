package cn.zikao.platform;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one time format of the API: ISO-8601 with the +08:00 offset, seconds always shown. */
public final class Times {
    public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private Times() {}

    public static String iso(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(CHINA));
    }

    public static String iso(OffsetDateTime t) {
        return t == null ? null : iso(t.toInstant());
    }
}
