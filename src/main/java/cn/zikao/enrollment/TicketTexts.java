package cn.zikao.enrollment;

import cn.zikao.platform.Problem;
import cn.zikao.platform.Texts;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What a candidate reads on and about the 准考证, from the message catalogue ({@code ticket.*}); the PDF is drawn in
 * Chinese, the problems are keys the failure handler renders in the candidate's language.
 */
final class TicketTexts {
    private TicketTexts() {}

    static final String HEADING = zh("ticket.heading");
    static final String TITLE = zh("ticket.title");
    static final String NAME = zh("ticket.name");
    static final String GENDER = zh("ticket.gender");
    static final String ADMISSION_NO = zh("ticket.admission-no");
    static final String ID_NUMBER = zh("ticket.id-number");
    static final String AREA = zh("ticket.area");
    static final String MALE = zh("ticket.male");
    static final String FEMALE = zh("ticket.female");
    static final String PHOTO_MISSING = zh("ticket.photo-missing");
    static final List<String> COLUMNS = Stream.of("course-code", "course-name", "time", "venue", "room", "seat")
            .map(c -> zh("ticket.column." + c)).toList();
    static final String VENUES = zh("ticket.venues");
    static final String RULES_TITLE = zh("ticket.rules-title");
    static final List<String> RULES = IntStream.rangeClosed(1, 8).mapToObj(i -> zh("ticket.rule." + i)).toList();

    private static String zh(String key) {
        return Texts.text(Texts.ZH, key);
    }

    static String room(int no) {
        return Texts.text(Texts.ZH, Texts.of("ticket.room", String.format("%02d", no)));
    }

    /** A date as the ticket writes it, 2027年4月17日. */
    static String day(TemporalAccessor t) {
        return Texts.text(Texts.ZH, Texts.of("ticket.date", t.get(ChronoField.YEAR), t.get(ChronoField.MONTH_OF_YEAR),
                t.get(ChronoField.DAY_OF_MONTH)));
    }

    static String seat(int no) {
        return String.format("%02d", no);
    }

    static Problem notYet(String opensAt) {
        return new Problem(409, "TICKET_NOT_AVAILABLE", "problem.ticket-not-yet.title",
                opensAt == null ? "problem.ticket-not-yet.unannounced" : Texts.of("problem.ticket-not-yet.opens-at", opensAt));
    }

    static Problem nothingPaid() {
        return new Problem(409, "TICKET_NOT_AVAILABLE", "problem.ticket-nothing-paid.title", "problem.ticket-nothing-paid.detail");
    }

    static Problem roomsNotAssigned() {
        return new Problem(409, "TICKET_NOT_AVAILABLE", "problem.ticket-rooms-not-assigned.title",
                "problem.ticket-rooms-not-assigned.detail");
    }
}
