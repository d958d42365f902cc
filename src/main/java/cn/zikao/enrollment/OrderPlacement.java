package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Times;
import cn.zikao.platform.Unavailable;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places an order: checks in one PostgreSQL read, admission by the Redis guard, then one PostgreSQL statement
 * that the unique indexes and the capacity trigger may refuse, in which case the Redis step is undone.
 */
final class OrderPlacement {
    private static final Logger LOG = LoggerFactory.getLogger(OrderPlacement.class);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyMMddHHmmss").withZone(Times.CHINA);
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern LAST_KEY_VALUE = Pattern.compile("=\\(.*?([^,() ]+)\\)");

    private final Pool pg;
    private final SeatGuard guard;
    private final SeatLedger ledger;
    private final Clock clock;
    private final int holdSeconds;
    private final EnrollmentMetrics metrics;

    OrderPlacement(Pool pg, SeatGuard guard, SeatLedger ledger, Clock clock, int holdSeconds, EnrollmentMetrics metrics) {
        this.pg = pg;
        this.guard = guard;
        this.ledger = ledger;
        this.clock = clock;
        this.holdSeconds = holdSeconds;
        this.metrics = metrics;
    }

    Future<OrderView> place(long candidateId, ExamPlan.Sitting sitting, List<SeatGuard.Selection> selections) {
        if (!sitting.open(clock.instant())) {
            return refuse(Refusals.closed());
        }
        return pg.preparedQuery(OrderSql.CANDIDATE).execute(Tuple.of(candidateId, sitting.code())).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.failedFuture(Problem.unauthenticated());
            }
            Row c = rows.iterator().next();
            if (!c.getBoolean("acked")) {
                return refuse(Refusals.noticeNotAcked());
            }
            if (c.getBoolean("open")) {
                return refuse(Refusals.openOrderExists());
            }
            ExamPlan.Area area = c.getString("area_code") == null ? null : sitting.area(c.getString("area_code")).orElse(null);
            ExamPlan.Major major = c.getString("major_code") == null ? null : sitting.major(c.getString("major_code")).orElse(null);
            if (area == null || major == null || !sitting.code().equals(c.getString("sitting_code"))) {
                return refuse(Problem.validation("enrollment", "NOT_ENROLLED", "请先设置本次考试的考区和专业。"));
            }
            List<FieldError> notOffered = new ArrayList<>();
            for (int i = 0; i < selections.size(); i++) {
                SeatGuard.Selection s = selections.get(i);
                boolean offered = major.courses().contains(s.courseCode())
                        && sitting.course(s.courseCode()).map(x -> x.slotNo() == s.slotNo()).orElse(false);
                if (!offered) {
                    notOffered.add(Refusals.notOffered(i, s.courseCode()));
                }
            }
            if (!notOffered.isEmpty()) {
                return refuse(Refusals.notOffered(notOffered));
            }
            return admitAndStore(candidateId, sitting, area, selections, 1);
        });
    }

    private Future<OrderView> admitAndStore(long candidateId, ExamPlan.Sitting sitting, ExamPlan.Area area,
                                            List<SeatGuard.Selection> selections, int retries) {
        UUID orderId = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return guard.admit(sitting.code(), area.code(), candidateId, orderId, selections, now.toEpochMilli())
                .compose(a -> switch (a.outcome()) {
                    case "OK" -> store(candidateId, sitting, area, orderId, now, a)
                            .recover(e -> refused(e, candidateId, sitting, area, selections, a, retries));
                    case "REBUILDING" -> {
                        ledger.rebuild(sitting, area).onFailure(e -> LOG.warn("rebuild of {}/{}: {}", sitting.code(), area.code(), e.toString()));
                        yield refuse(Problem.unavailable());
                    }
                    case "SLOT_TAKEN" -> refuse(Refusals.slotTaken(indexOf(selections, a.slotNo()), a.slotNo()));
                    default -> refuse(Refusals.seatsFull(indexOf(selections, a.slotNo()), a.slotNo()));
                });
    }

    private Future<OrderView> store(long candidateId, ExamPlan.Sitting sitting, ExamPlan.Area area, UUID orderId,
                                    Instant now, SeatGuard.Admission a) {
        int n = a.seats().size();
        Integer[] slots = new Integer[n];
        String[] courses = new String[n];
        Integer[] seats = new Integer[n];
        Integer[] fees = new Integer[n];
        List<OrderView.LineView> lines = new ArrayList<>();
        int coursesFen = 0;
        for (int i = 0; i < n; i++) {
            SeatGuard.Seat s = a.seats().get(i);
            int fee = sitting.course(s.courseCode()).orElseThrow().feeFen();
            slots[i] = s.slotNo();
            courses[i] = s.courseCode();
            seats[i] = s.seatNo();
            fees[i] = fee;
            coursesFen += fee;
            lines.add(OrderView.course(sitting, s.courseCode(), s.slotNo(), fee));
        }
        String outTradeNo = outTradeNo(sitting.code(), now);
        Instant expires = now.plusSeconds(holdSeconds);
        Tuple args = Tuple.tuple(List.of(orderId, outTradeNo, candidateId, sitting.code(), area.code(), coursesFen,
                sitting.registrationFeeFen(), now.atOffset(Times.CHINA), expires.atOffset(Times.CHINA), slots, courses,
                seats, fees));
        return pg.preparedQuery(OrderSql.PLACE).execute(args).map(rows -> {
            Row r = rows.iterator().next();
            if (r.getBoolean("has_registration_fee")) {
                lines.add(0, OrderView.registrationFee(sitting.registrationFeeFen()));
            }
            guard.settle(sitting.code(), area.code(), candidateId, a)
                    .onFailure(e -> LOG.warn("settling order {}: {} (drift repair will see it)", orderId, e.toString()));
            metrics.placed();
            return new OrderView(orderId.toString(), outTradeNo, sitting.code(), "UNPAID", lines, r.getInteger("total_fen"),
                    Times.iso(now), Times.iso(expires), null);
        });
    }

    /** PostgreSQL refused: undo the Redis step and say why, or retry once when Redis handed out a held seat. */
    private Future<OrderView> refused(Throwable e, long candidateId, ExamPlan.Sitting sitting, ExamPlan.Area area,
                                      List<SeatGuard.Selection> selections, SeatGuard.Admission a, int retries) {
        if (Unavailable.is(e)) {
            // The commit may or may not have happened; the drift repair settles the reservation once PostgreSQL answers.
            return Future.failedFuture(e);
        }
        String constraint = e instanceof PgException pe ? pe.getConstraint() : null;
        if ("enrollment_seat_uq".equals(constraint) || "enrollment_within_capacity".equals(constraint)) {
            return confusedSeats(sitting, area, a).compose(dropped -> {
                LOG.warn("Redis handed out seats PostgreSQL holds in {}/{}: {} dropped", sitting.code(), area.code(), dropped);
                return guard.undo(sitting.code(), area.code(), candidateId, a, dropped).compose(v -> retries > 0
                        ? admitAndStore(candidateId, sitting, area, selections, retries - 1)
                        : refuse(Refusals.seatsFull(indexOf(selections, dropped.get(0).slotNo()), dropped.get(0).slotNo())));
            });
        }
        Future<Void> undo = guard.undo(sitting.code(), area.code(), candidateId, a, List.of());
        if ("exam_order_one_open".equals(constraint)) {
            return undo.compose(v -> refuse(Refusals.openOrderExists()));
        }
        if ("enrollment_slot_uq".equals(constraint) || "enrollment_course_uq".equals(constraint)) {
            int slot = takenSlot((PgException) e, constraint, sitting, selections);
            return undo.compose(v -> refuse(Refusals.slotTaken(indexOf(selections, slot), slot)));
        }
        return undo.compose(v -> Future.failedFuture(e));
    }

    /** The admitted seats PostgreSQL already holds, or lies beyond the capacity. */
    private Future<List<SeatGuard.Seat>> confusedSeats(ExamPlan.Sitting sitting, ExamPlan.Area area, SeatGuard.Admission a) {
        Integer[] slots = a.seats().stream().map(SeatGuard.Seat::slotNo).toArray(Integer[]::new);
        Integer[] seats = a.seats().stream().map(SeatGuard.Seat::seatNo).toArray(Integer[]::new);
        return pg.preparedQuery(OrderSql.SEATS_TAKEN).execute(Tuple.of(sitting.code(), area.code(), slots, seats)).map(rows -> {
            List<SeatGuard.Seat> dropped = new ArrayList<>();
            for (SeatGuard.Seat s : a.seats()) {
                boolean held = false;
                for (Row r : rows) {
                    held |= r.getInteger("slot_no") == s.slotNo() && r.getInteger("seat_no") == s.seatNo();
                }
                if (held || s.seatNo() > area.seats().get(s.slotNo())) {
                    dropped.add(s);
                }
            }
            return dropped.isEmpty() ? a.seats() : dropped;
        });
    }

    /** The slot named by a unique violation's detail, e.g. {@code Key (candidate_id, sitting_code, slot_no)=(5, 271, 2)}. */
    private static int takenSlot(PgException e, String constraint, ExamPlan.Sitting sitting, List<SeatGuard.Selection> selections) {
        Matcher m = LAST_KEY_VALUE.matcher(String.valueOf(e.getDetail()));
        if (m.find()) {
            String v = m.group(1);
            if ("enrollment_slot_uq".equals(constraint) && v.matches("\\d+")) {
                return Integer.parseInt(v);
            }
            for (SeatGuard.Selection s : selections) {
                if (s.courseCode().equals(v)) {
                    return s.slotNo();
                }
            }
        }
        return selections.get(0).slotNo();
    }

    private static int indexOf(List<SeatGuard.Selection> selections, Integer slotNo) {
        for (int i = 0; i < selections.size(); i++) {
            if (slotNo != null && selections.get(i).slotNo() == slotNo) {
                return i;
            }
        }
        return 0;
    }

    private <T> Future<T> refuse(Problem p) {
        metrics.refused(p.code());
        return Future.failedFuture(p);
    }

    /** {@code ZK} + sitting + local time + 10 random base62 characters: 27 of [0-9A-Za-z], as the gateway wants. */
    static String outTradeNo(String sitting, Instant now) {
        StringBuilder b = new StringBuilder(32).append("ZK").append(sitting).append(COMPACT.format(now));
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            b.append(BASE62.charAt(r.nextInt(62)));
        }
        return b.toString();
    }
}
