package cn.zikao.enrollment;

import cn.zikao.auth.Session;
import cn.zikao.candidate.CandidateCards;
import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Texts;
import cn.zikao.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/sittings/{code}/admission-ticket}: the 准考证 PDF, once the plan's {@code ticketsFrom} has come,
 * of a candidate with paid courses that all have a room (409 TICKET_NOT_AVAILABLE otherwise), drawn on the worker pool
 * in the language {@code Accept-Language} asks for (Tibetan labels for {@code bo}, Chinese otherwise).
 */
final class AdmissionTickets {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

    private final Vertx vertx;
    private final ExamPlan plan;
    private final Pool pg;
    private final CandidateCards cards;
    private final Clock clock;

    AdmissionTickets(Vertx vertx, ExamPlan plan, Pool pg, CandidateCards cards, Clock clock) {
        this.vertx = vertx;
        this.plan = plan;
        this.pg = pg;
        this.cards = cards;
        this.clock = clock;
    }

    void routes(Operations ops) {
        ops.handle("getAdmissionTicket", this::ticket);
    }

    private void ticket(RoutingContext ctx) {
        ExamPlan.Sitting sitting = plan.sitting(ctx.pathParam("sittingCode")).orElseThrow(Problem::notFound);
        TicketTexts texts = TicketTexts.of(Texts.fromAcceptLanguage(ctx.request().getHeader("Accept-Language")));
        pdf(Session.of(ctx).candidateId(), sitting, texts)
                .onSuccess(pdf -> ctx.response().putHeader("Content-Type", "application/pdf")
                        .putHeader("Content-Language", texts.lang).putHeader("Vary", "Accept-Language")
                        .putHeader("Content-Disposition", "attachment; filename=\"admission-ticket-" + sitting.code() + ".pdf\"")
                        .putHeader("Cache-Control", "private, no-store")
                        .putHeader("X-Content-Type-Options", "nosniff").end(Buffer.buffer(pdf)))
                .onFailure(ctx::fail);
    }

    Future<byte[]> pdf(long candidateId, ExamPlan.Sitting sitting, TicketTexts texts) {
        OffsetDateTime from = sitting.ticketsFrom();
        if (from == null || clock.instant().isBefore(from.toInstant())) {
            return Future.failedFuture(TicketTexts.notYet(from == null ? null
                    : texts.day(from.atZoneSameInstant(Times.CHINA)) + " " + HOUR.format(from.atZoneSameInstant(Times.CHINA))));
        }
        return pg.preparedQuery(OrderSql.TICKET_LINES).execute(Tuple.of(candidateId, sitting.code())).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(TicketTexts.nothingPaid());
            }
            List<TicketPdf.Line> lines = new ArrayList<>();
            String areaCode = null;
            for (Row r : rows) {
                if (r.getString("venue_code") == null) {
                    return Future.failedFuture(TicketTexts.roomsNotAssigned());
                }
                areaCode = r.getString("area_code");
                lines.add(line(sitting, r, texts));
            }
            String areaName = sitting.area(areaCode).map(ExamPlan.Area::name).orElse(areaCode);
            return cards.card(candidateId).compose(card -> card == null ? Future.failedFuture(Problem.unauthenticated())
                    : vertx.executeBlocking(() -> TicketPdf.render(new TicketPdf.Ticket(texts, sitting.name(), card.name(),
                            gender(card.gender(), texts), card.admissionNo(), card.idNumberMasked(), areaName, card.photo(), lines)), false));
        });
    }

    private static TicketPdf.Line line(ExamPlan.Sitting sitting, Row r, TicketTexts texts) {
        String areaCode = r.getString("area_code");
        String venueCode = r.getString("venue_code");
        ExamPlan.Venue venue = sitting.area(areaCode).stream().flatMap(a -> a.venues().stream())
                .filter(v -> v.code().equals(venueCode)).findFirst()
                .orElse(new ExamPlan.Venue(venueCode, venueCode, "", List.of()));
        ExamPlan.Slot slot = sitting.slot(r.getInteger("slot_no")).orElseThrow();
        String course = r.getString("course_code");
        return new TicketPdf.Line(course, sitting.course(course).map(ExamPlan.Course::name).orElse(course),
                texts.day(slot.startsAt()), HOUR.format(slot.startsAt()) + "–" + HOUR.format(slot.endsAt()),
                venue.name(), venue.address(), r.getInteger("room_no"), r.getInteger("seat_no"));
    }

    private static String gender(String g, TicketTexts texts) {
        return "M".equals(g) ? texts.male : "F".equals(g) ? texts.female : "";
    }
}
