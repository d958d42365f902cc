package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Times;
import cn.zikao.platform.Unavailable;
import cn.zikao.platform.WaitingRoom;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places an order: checks in one PostgreSQL read, admission by the Redis guard, then one PostgreSQL statement
 * that the unique indexes and the capacity trigger may refuse, in which case the Redis step is undone. Every
 * refusal names the selection it is about, by its place in the request. Orders are placed through the 统考报名
 * waiting room: past the bound of the {@code orders} class the candidate gets a place in line (503 BUSY) before
 * anything is written.
 */
final class OrderPlacement {
    private static final Logger LOG = LoggerFactory.getLogger(OrderPlacement.class);

    private final Pool pg;
    private final CandidateProfiles profiles;
    private final SeatGuard guard;
    private final SeatLedger ledger;
    private final Clock clock;
    private final int holdSeconds;
    private final EnrollmentMetrics metrics;
    private final WaitingRoom room;

    /** One candidate's order in one area, with the selections as the request listed them. */
    private record Attempt(long candidateId, ExamPlan.Sitting sitting, ExamPlan.Area area, ExamPlan.Major major,
                           List<SeatGuard.Selection> selections) {
        SeatGuard.Selection inSlot(Integer slotNo) {
            return selections.stream().filter(s -> slotNo != null && s.slotNo() == slotNo).findFirst()
                    .orElse(selections.get(0));
        }
    }

    OrderPlacement(Pool pg, CandidateProfiles profiles, SeatGuard guard, SeatLedger ledger, Clock clock, int holdSeconds,
                   EnrollmentMetrics metrics, WaitingRoom room) {
        this.room = room;
        this.pg = pg;
        this.profiles = profiles;
        this.guard = guard;
        this.ledger = ledger;
        this.clock = clock;
        this.holdSeconds = holdSeconds;
        this.metrics = metrics;
    }

    /** {@code ticket}: the place in line a BUSY answer gave, or null. */
    Future<OrderView> place(long candidateId, ExamPlan.Sitting sitting, List<SeatGuard.Selection> selections, String ticket) {
        if (!sitting.open(clock.instant())) {
            return refuse(Refusals.closed());
        }
        return room.enter(ticket).compose(place -> place.async(() -> profiles.get(candidateId, sitting.code())
                .compose(p -> placeFor(candidateId, sitting, selections, p, true))));
    }

    private Future<OrderView> placeFor(long candidateId, ExamPlan.Sitting sitting, List<SeatGuard.Selection> selections,
                                       CandidateProfiles.Profile c, boolean mayRefresh) {
        if (c == null) {
            return Future.failedFuture(Problem.unauthenticated());
        }
        if (!c.acked()) {
            return refuse(Refusals.noticeNotAcked());
        }
        if (c.open()) {
            return refuse(Refusals.openOrderExists());
        }
        ExamPlan.Area area = c.areaCode() == null ? null : sitting.area(c.areaCode()).orElse(null);
        ExamPlan.Major major = c.majorCode() == null ? null : sitting.major(c.majorCode()).orElse(null);
        if (area == null || major == null || !sitting.code().equals(c.sittingCode())) {
            return refuse(Refusals.notEnrolled());
        }
        List<FieldError> notOffered = Refusals.notOffered(sitting, major, selections);
        if (!notOffered.isEmpty()) {
            return refuse(Refusals.notOffered(notOffered));
        }
        return admitAndStore(new Attempt(candidateId, sitting, area, major, selections), 1).recover(e -> {
            if (!(e instanceof StaleProfile)) {
                return Future.failedFuture(e);
            }
            return mayRefresh
                    ? profiles.fresh(candidateId, sitting.code()).compose(f -> placeFor(candidateId, sitting, selections, f, false))
                    : refuse(Problem.unavailable());
        });
    }

    private Future<OrderView> admitAndStore(Attempt t, int retries) {
        UUID orderId = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return guard.admit(t.sitting().code(), t.area().code(), t.candidateId(), orderId, t.selections(), now.toEpochMilli())
                .compose(a -> switch (a.outcome()) {
                    case "OK" -> store(t, orderId, now, a).recover(e -> refused(e, t, a, retries));
                    case "REBUILDING" -> {
                        ledger.rebuild(t.sitting(), t.area()).onFailure(e -> LOG.warn("rebuild of {}/{}: {}",
                                t.sitting().code(), t.area().code(), e.toString()));
                        yield refuse(Problem.unavailable());
                    }
                    case "SLOT_TAKEN" -> refuse(Refusals.slotTaken(t.inSlot(a.slotNo())));
                    default -> refuse(Refusals.seatsFull(t.inSlot(a.slotNo())));
                });
    }

    private Future<OrderView> store(Attempt t, UUID orderId, Instant now, SeatGuard.Admission a) {
        PlacedLines lines = PlacedLines.of(t.sitting(), a.seats());
        String outTradeNo = OutTradeNo.next(t.sitting().code(), now);
        Instant expires = now.plusSeconds(holdSeconds);
        Tuple args = Tuple.tuple(List.of(orderId, outTradeNo, t.candidateId(), t.sitting().code(), t.area().code(),
                lines.coursesFen(), t.sitting().registrationFeeFen(), now.atOffset(Times.CHINA), expires.atOffset(Times.CHINA),
                lines.slots(), lines.courses(), lines.seats(), lines.fees(), t.major().code()));
        return pg.preparedQuery(OrderSql.PLACE).execute(args).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.failedFuture(new StaleProfile());
            }
            Row r = rows.iterator().next();
            guard.settle(t.sitting().code(), t.area().code(), t.candidateId(), a)
                    .onFailure(e -> LOG.warn("settling order {}: {} (drift repair will see it)", orderId, e.toString()));
            metrics.placed();
            return Future.succeededFuture(new OrderView(orderId.toString(), outTradeNo, t.sitting().code(), "UNPAID",
                    lines.views(r.getBoolean("has_registration_fee") ? t.sitting().registrationFeeFen() : null),
                    r.getInteger("total_fen"), Times.iso(now), Times.iso(expires), null));
        });
    }

    /** PostgreSQL refused: undo the Redis step and say why, or retry once when Redis handed out a held seat. */
    private Future<OrderView> refused(Throwable e, Attempt t, SeatGuard.Admission a, int retries) {
        if (Unavailable.is(e)) {
            // The commit may or may not have happened; the drift repair settles the reservation once PostgreSQL answers.
            return Future.failedFuture(e);
        }
        String sitting = t.sitting().code();
        String area = t.area().code();
        String constraint = e instanceof PgException pe ? pe.getConstraint() : null;
        if ("enrollment_seat_uq".equals(constraint) || "enrollment_within_capacity".equals(constraint)) {
            return confusedSeats(t, a).compose(dropped -> {
                LOG.warn("Redis handed out seats PostgreSQL holds in {}/{}: {} dropped", sitting, area, dropped);
                return guard.undo(sitting, area, t.candidateId(), a, dropped).compose(v -> retries > 0
                        ? admitAndStore(t, retries - 1)
                        : refuse(Refusals.seatsFull(t.inSlot(dropped.get(0).slotNo()))));
            });
        }
        Future<Void> undo = guard.undo(sitting, area, t.candidateId(), a, List.of());
        if ("exam_order_one_open".equals(constraint)) {
            return undo.compose(v -> refuse(Refusals.openOrderExists()));
        }
        if ("enrollment_slot_uq".equals(constraint)) {
            return undo.compose(v -> heldSlot(t)).compose(s -> refuse(Refusals.slotTaken(s)));
        }
        return undo.compose(v -> Future.failedFuture(e));
    }

    /** The first selection whose slot the candidate holds already (another order took it meanwhile). */
    private Future<SeatGuard.Selection> heldSlot(Attempt t) {
        return pg.preparedQuery(OrderSql.HOLDINGS).execute(Tuple.of(t.candidateId(), t.sitting().code())).map(rows -> {
            for (SeatGuard.Selection s : t.selections()) {
                for (Row r : rows) {
                    if (r.getInteger("slot_no") == s.slotNo()) {
                        return s;
                    }
                }
            }
            return t.selections().get(0);
        });
    }

    /** The admitted seats PostgreSQL already holds, or lies beyond the capacity. */
    private Future<List<SeatGuard.Seat>> confusedSeats(Attempt t, SeatGuard.Admission a) {
        Integer[] slots = a.seats().stream().map(SeatGuard.Seat::slotNo).toArray(Integer[]::new);
        Integer[] seats = a.seats().stream().map(SeatGuard.Seat::seatNo).toArray(Integer[]::new);
        return pg.preparedQuery(OrderSql.SEATS_TAKEN).execute(Tuple.of(t.sitting().code(), t.area().code(), slots, seats))
                .map(rows -> {
                    List<SeatGuard.Seat> dropped = new ArrayList<>();
                    for (SeatGuard.Seat s : a.seats()) {
                        boolean held = false;
                        for (Row r : rows) {
                            held |= r.getInteger("slot_no") == s.slotNo() && r.getInteger("seat_no") == s.seatNo();
                        }
                        if (held || s.seatNo() > t.area().seats().get(s.slotNo())) {
                            dropped.add(s);
                        }
                    }
                    return dropped.isEmpty() ? a.seats() : dropped;
                });
    }

    private <T> Future<T> refuse(Problem p) {
        metrics.refused(p.code());
        return Future.failedFuture(p);
    }

    /** The order statement found the candidate no longer enrolled as the profile said (考籍更改 meanwhile). */
    private static final class StaleProfile extends RuntimeException {
        StaleProfile() {
            super("candidate profile changed", null, false, false);
        }
    }
}
