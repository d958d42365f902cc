package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * 考场编排: every PAID enrolment of a sitting gets a seat in a room of its area for its slot. Each area and slot is
 * one transaction under an advisory lock: the seats already given stay, the unplaced enrolments (in id order) are
 * shuffled by a random seeded from the run's seed, the area and the slot, and fill the free seats in the plan's
 * order of venues and rooms. The unique indexes on the seat and on the enrolment hold it whatever runs at once.
 */
final class RoomAssignment {
    private final Pool pg;

    /** A seat of a room. */
    private record Seat(String venue, int room, int seat) {}

    /** What one area and slot came to; {@code unplaced} > 0 when its rooms could not hold its paid candidates. */
    record Outcome(String areaCode, String areaName, int slotNo, int placed, int unplaced, int free) {
        String shortage() {
            return "area " + areaCode + " (" + areaName + ") slot " + slotNo + ": " + unplaced + " paid candidate(s) and only "
                    + free + " free seat(s); nothing placed there";
        }
    }

    RoomAssignment(Pool pg) {
        this.pg = pg;
    }

    Future<List<Outcome>> run(ExamPlan.Sitting sitting, long seed) {
        Future<List<Outcome>> all = Future.succeededFuture(new ArrayList<>());
        for (ExamPlan.Area area : sitting.areas()) {
            for (ExamPlan.Slot slot : sitting.slots()) {
                all = all.compose(done -> pg.withTransaction(tx -> assign(tx, sitting, area, slot.no(), seed))
                        .map(o -> {
                            done.add(o);
                            return done;
                        }));
            }
        }
        return all;
    }

    private Future<Outcome> assign(SqlConnection tx, ExamPlan.Sitting sitting, ExamPlan.Area area, int slotNo, long seed) {
        Tuple where = Tuple.of(sitting.code(), area.code(), slotNo);
        return tx.preparedQuery(OrderSql.LOCK_ROOMS).execute(Tuple.of("rooms:" + sitting.code() + ":" + area.code() + ":" + slotNo))
                .compose(v -> tx.preparedQuery(OrderSql.ROOMS_TAKEN).execute(where))
                .compose(takenRows -> tx.preparedQuery(OrderSql.ROOMS_UNPLACED).execute(where).compose(unplacedRows -> {
                    Set<Seat> taken = new HashSet<>();
                    for (Row r : takenRows) {
                        taken.add(new Seat(r.getString("venue_code"), r.getInteger("room_no"), r.getInteger("seat_no")));
                    }
                    List<Seat> free = free(area, taken);
                    List<Long> unplaced = new ArrayList<>();
                    unplacedRows.forEach(r -> unplaced.add(r.getLong("id")));
                    if (unplaced.size() > free.size()) {
                        return Future.succeededFuture(new Outcome(area.code(), area.name(), slotNo, 0, unplaced.size(), free.size()));
                    }
                    Collections.shuffle(unplaced, new Random(Objects.hash(seed, area.code(), slotNo)));
                    List<Tuple> rows = new ArrayList<>();
                    for (int i = 0; i < unplaced.size(); i++) {
                        Seat s = free.get(i);
                        rows.add(Tuple.of(unplaced.get(i), sitting.code(), area.code(), slotNo, s.venue(), s.room(), s.seat()));
                    }
                    Future<?> placed = rows.isEmpty() ? Future.succeededFuture()
                            : tx.preparedQuery(OrderSql.ROOMS_PLACE).executeBatch(rows);
                    return placed.map(x -> new Outcome(area.code(), area.name(), slotNo, rows.size(), 0, free.size()));
                }));
    }

    /** The area's seats in the plan's order that no enrolment holds. */
    private static List<Seat> free(ExamPlan.Area area, Set<Seat> taken) {
        List<Seat> free = new ArrayList<>();
        for (ExamPlan.Venue v : area.venues()) {
            for (ExamPlan.Room room : v.rooms()) {
                for (int seat = 1; seat <= room.seats(); seat++) {
                    Seat s = new Seat(v.code(), room.no(), seat);
                    if (!taken.contains(s)) {
                        free.add(s);
                    }
                }
            }
        }
        return free;
    }
}
