package cn.zikao.enrollment;

import cn.zikao.platform.Problem;
import cn.zikao.platform.Texts;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What a candidate reads on and about the 准考证, from the message catalogue ({@code ticket.*}): the PDF's labels in
 * the language the download asks for ({@code zh-CN} or {@code bo}); the problems are keys the failure handler renders
 * in the candidate's language. What the plan and the candidate's record hold (names, courses, venues) stays as it is.
 */
final class TicketTexts {
    private static final Map<String, TicketTexts> BY_LANGUAGE = Texts.LANGUAGES.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), TicketTexts::new));

    final String lang;
    final String heading;
    final String title;
    final String name;
    final String gender;
    final String admissionNo;
    final String idNumber;
    final String area;
    final String male;
    final String female;
    final String photoMissing;
    final List<String> columns;
    final String venues;
    final String rulesTitle;
    final List<String> rules;

    private TicketTexts(String lang) {
        this.lang = lang;
        heading = text("ticket.heading");
        title = text("ticket.title");
        name = text("ticket.name");
        gender = text("ticket.gender");
        admissionNo = text("ticket.admission-no");
        idNumber = text("ticket.id-number");
        area = text("ticket.area");
        male = text("ticket.male");
        female = text("ticket.female");
        photoMissing = text("ticket.photo-missing");
        columns = Stream.of("course-code", "course-name", "time", "venue", "room", "seat").map(c -> text("ticket.column." + c)).toList();
        venues = text("ticket.venues");
        rulesTitle = text("ticket.rules-title");
        rules = IntStream.rangeClosed(1, 8).mapToObj(i -> text("ticket.rule." + i)).toList();
    }

    /** The ticket's texts in {@code lang}; Chinese for a language the catalogue does not have. */
    static TicketTexts of(String lang) {
        return BY_LANGUAGE.getOrDefault(lang, BY_LANGUAGE.get(Texts.ZH));
    }

    private String text(String key) {
        return Texts.text(lang, key);
    }

    /** A label before its value: Chinese writes a colon, a Tibetan label ends with its shad already. */
    String label(String s) {
        return Texts.ZH.equals(lang) ? s + "：" : s;
    }

    String room(int no) {
        return Texts.text(lang, Texts.of("ticket.room", String.format("%02d", no)));
    }

    /** A date as the ticket writes it: 2027年4月17日, སྤྱི་ལོ་2027 ཟླ་4 ཚེས་17. */
    String day(TemporalAccessor t) {
        return Texts.text(lang, Texts.of("ticket.date", t.get(ChronoField.YEAR), t.get(ChronoField.MONTH_OF_YEAR),
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
