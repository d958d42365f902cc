package cn.zikao.enrollment;

import cn.zikao.platform.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The fast half of an order: one Lua call per admission on the area's hash tag claims the candidate's slots
 * and pops one seat number per slot. PostgreSQL decides afterwards; this class also undoes or settles.
 */
final class SeatGuard {
    /** A course in a slot, as the candidate selects it; {@code index} is its place in the request. */
    record Selection(int index, int slotNo, String courseCode) {}

    /** A seat an enrolment holds or held. */
    record Seat(int slotNo, int seatNo, String courseCode) {}

    /** What the guard answered: OK with seats, or a refusal code naming the slot. */
    record Admission(String outcome, Integer slotNo, String epoch, String member, List<Seat> seats) {
        boolean admitted() {
            return "OK".equals(outcome);
        }
    }

    /** How many times a refusal on a claim PostgreSQL does not back is answered by dropping it and trying again. */
    private static final int STALE_ROUNDS = 3;

    private final RedisStore redis;
    private final SeatLedger ledger;
    private final Pool pg;

    SeatGuard(RedisStore redis, SeatLedger ledger, Pool pg) {
        this.redis = redis;
        this.ledger = ledger;
        this.pg = pg;
    }

    /**
     * Admits, but never refuses SLOT_TAKEN on a claim alone: PostgreSQL must hold the slot too, or a reservation
     * of the candidate be in flight; a claim that Redis kept by mistake is dropped and the admission tried again.
     */
    Future<Admission> admit(String sitting, String area, long candidateId, UUID orderId, List<Selection> selections,
                            long nowMs) {
        return admit(sitting, area, candidateId, orderId, selections, nowMs, STALE_ROUNDS);
    }

    private Future<Admission> admit(String sitting, String area, long candidateId, UUID orderId, List<Selection> selections,
                                    long nowMs, int rounds) {
        return tryAdmit(sitting, area, candidateId, orderId, selections, nowMs).compose(a -> !"SLOT_TAKEN".equals(a.outcome())
                || rounds == 0
                ? Future.succeededFuture(a)
                : staleClaim(sitting, area, candidateId, a.slotNo(), selections, Set.of(), true).compose(stale -> stale
                        ? admit(sitting, area, candidateId, orderId, selections, nowMs, rounds - 1)
                        : Future.succeededFuture(a)));
    }

    /**
     * True if PostgreSQL does not hold the refused slot and the claims of the selected slots it does not hold were
     * dropped. Pending entries of the candidate whose orders PostgreSQL has (settled, or cancelled since) are not
     * in flight: they are asked about once, and the holdings read again after.
     */
    private Future<Boolean> staleClaim(String sitting, String area, long candidateId, int refused, List<Selection> selections,
                                       Set<UUID> known, boolean askAgain) {
        return pg.preparedQuery(OrderSql.HOLDINGS).execute(Tuple.of(candidateId, sitting)).compose(rows -> {
            List<Integer> held = new ArrayList<>();
            rows.forEach(r -> held.add(r.getInteger("slot_no")));
            if (held.contains(refused)) {
                return Future.succeededFuture(false);
            }
            List<String> slots = new ArrayList<>();
            selections.stream().filter(s -> !held.contains(s.slotNo())).forEach(s -> slots.add(String.valueOf(s.slotNo())));
            List<String> args = new ArrayList<>(List.of(String.valueOf(candidateId), String.valueOf(slots.size())));
            args.addAll(slots);
            known.forEach(id -> args.add(id.toString()));
            return redis.eval(GuardScripts.STALE_CLAIM, base(sitting, area), args).compose(r -> {
                if (r.get(0).toInteger() >= 0) {
                    return Future.succeededFuture(r.get(0).toInteger() > 0);
                }
                if (!askAgain) {
                    return Future.succeededFuture(false);
                }
                UUID[] inFlight = new UUID[r.size() - 1];
                for (int i = 1; i < r.size(); i++) {
                    inFlight[i - 1] = UUID.fromString(r.get(i).toString());
                }
                return pg.preparedQuery(OrderSql.ORDERS_FOUND).execute(Tuple.of(inFlight)).compose(found -> {
                    Set<UUID> stored = new HashSet<>(known);
                    found.forEach(row -> stored.add(row.getUUID("id")));
                    return stored.size() == known.size()
                            ? Future.succeededFuture(false)
                            : staleClaim(sitting, area, candidateId, refused, selections, stored, false);
                });
            });
        });
    }

    private Future<Admission> tryAdmit(String sitting, String area, long candidateId, UUID orderId,
                                       List<Selection> selections, long nowMs) {
        List<String> keys = base(sitting, area);
        List<String> args = new ArrayList<>(List.of(String.valueOf(nowMs), orderId.toString(), String.valueOf(candidateId)));
        for (Selection s : selections) {
            keys.add(SeatLedger.freeKey(sitting, area, s.slotNo()));
            args.add(String.valueOf(s.slotNo()));
            args.add(s.courseCode());
        }
        return redis.eval(GuardScripts.ADMIT, keys, args).map(r -> admission(r, selections))
                .onComplete(ar -> ledger.changed(sitting, area));
    }

    private static Admission admission(Response r, List<Selection> selections) {
        String outcome = r.get(0).toString();
        if (!"OK".equals(outcome)) {
            return new Admission(outcome, r.size() > 1 ? r.get(1).toInteger() : null, null, null, List.of());
        }
        List<Seat> seats = new ArrayList<>();
        for (int i = 0; i < selections.size(); i++) {
            seats.add(new Seat(selections.get(i).slotNo(), r.get(3 + i).toInteger(), selections.get(i).courseCode()));
        }
        return new Admission(outcome, null, r.get(1).toString(), r.get(2).toString(), seats);
    }

    /** After the commit: the reservation is now a PostgreSQL row. */
    Future<Void> settle(String sitting, String area, long candidateId, Admission a) {
        List<String> keys = base(sitting, area);
        List<String> args = new ArrayList<>(List.of(a.epoch(), a.member(), String.valueOf(candidateId)));
        addSeats(sitting, area, a.seats(), keys, args);
        return redis.eval(GuardScripts.SETTLE, keys, args).onComplete(ar -> ledger.changed(sitting, area)).mapEmpty();
    }

    /**
     * Seats PostgreSQL committed without a reservation here (a late payment's retake): out of the free sets, slots
     * claimed. SETTLE under no epoch does exactly that.
     */
    Future<Void> taken(String sitting, String area, long candidateId, List<Seat> seats) {
        List<String> keys = base(sitting, area);
        List<String> args = new ArrayList<>(List.of("", "", String.valueOf(candidateId)));
        addSeats(sitting, area, seats, keys, args);
        return redis.eval(GuardScripts.SETTLE, keys, args).onComplete(ar -> ledger.changed(sitting, area)).mapEmpty();
    }

    /** PostgreSQL refused the order: the admission's seats (but for {@code dropped}) and claims go back. */
    Future<Void> undo(String sitting, String area, long candidateId, Admission a, List<Seat> dropped) {
        List<Seat> seats = new ArrayList<>();
        for (Seat s : a.seats()) {
            seats.add(dropped.contains(s) ? new Seat(s.slotNo(), 0, s.courseCode()) : s);
        }
        return giveBack(sitting, area, candidateId, a.epoch(), a.member(), false, seats).mapEmpty();
    }

    /** Seats released in PostgreSQL (cancel, expiry) return to the free sets at once. */
    Future<Void> release(String sitting, String area, long candidateId, List<Seat> seats) {
        return giveBack(sitting, area, candidateId, "", "", false, seats).mapEmpty();
    }

    /** A reservation that never reached PostgreSQL; true if this call returned it (repairs may race). */
    Future<Boolean> repair(String sitting, String area, Pending p) {
        return giveBack(sitting, area, p.candidateId(), "", p.member(), true, p.seats());
    }

    private Future<Boolean> giveBack(String sitting, String area, long candidateId, String epoch, String member,
                                     boolean owned, List<Seat> seats) {
        List<String> keys = base(sitting, area);
        List<String> args = new ArrayList<>(List.of(epoch, member, owned ? "1" : "0", String.valueOf(candidateId)));
        addSeats(sitting, area, seats, keys, args);
        return redis.eval(GuardScripts.GIVE_BACK, keys, args).map(r -> r.toInteger() == 1)
                .onComplete(ar -> ledger.changed(sitting, area));
    }

    private static void addSeats(String sitting, String area, List<Seat> seats, List<String> keys, List<String> args) {
        for (Seat s : seats) {
            keys.add(SeatLedger.freeKey(sitting, area, s.slotNo()));
            args.add(String.valueOf(s.slotNo()));
            args.add(s.seatNo() > 0 ? String.valueOf(s.seatNo()) : "");
            args.add(s.courseCode());
        }
    }

    private static List<String> base(String sitting, String area) {
        return new ArrayList<>(List.of(SeatLedger.metaKey(sitting, area), SeatLedger.claimsKey(sitting, area),
                SeatLedger.pendingKey(sitting, area)));
    }

    /** A pending reservation as the admission recorded it: {@code orderId|candidateId|slot:seat:course,...}. */
    record Pending(String member, UUID orderId, long candidateId, List<Seat> seats) {
        static Pending parse(String member) {
            String[] p = member.split("\\|");
            List<Seat> seats = new ArrayList<>();
            for (String s : p[2].split(",")) {
                String[] f = s.split(":");
                seats.add(new Seat(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2]));
            }
            return new Pending(member, UUID.fromString(p[0]), Long.parseLong(p[1]), seats);
        }
    }
}
