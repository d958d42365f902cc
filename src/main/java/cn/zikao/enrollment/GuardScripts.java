package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.LuaScript;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Lua scripts of the Redis guard. Every key of one script carries the hash tag {@code {sitting:area}} of
 * one exam area, so the scripts run unchanged on Redis Cluster. Keys per area: {@code meta} (epoch and
 * capacities), {@code free:<slot>} (free seat numbers), {@code claims} (field {@code <candidate>:<slot>} →
 * course) and {@code pending} (reservations not yet known to be committed, scored by time in ms).
 */
final class GuardScripts {
    private GuardScripts() {}

    /**
     * KEYS: meta, claims, pending, free:&lt;slot&gt; per selection. ARGV: now ms, orderId, candidateId, then slot,
     * course per selection. Returns {REBUILDING} | {SLOT_TAKEN, slot} | {SEATS_FULL, slot} |
     * {OK, epoch, pendingMember, seat per selection}.
     */
    static final LuaScript ADMIT = LuaScript.of(GuardScripts.class, "admit.lua");

    /**
     * After the PostgreSQL commit. KEYS: meta, claims, pending, free:&lt;slot&gt; per seat. ARGV: epoch of the
     * admission, pending member, candidateId, then slot, seat, course per seat. Under the same epoch it only
     * drops the pending entry; if the area was rebuilt meanwhile (from a snapshot that may predate the commit),
     * it takes the committed seats off the free lists and claims the slots.
     */
    static final LuaScript SETTLE = LuaScript.of(GuardScripts.class, "settle.lua");

    /**
     * Gives seats and slot claims back. KEYS: meta, claims, pending, free:&lt;slot&gt; per seat. ARGV: epoch
     * ('' = any), pending member ('' = none), owned ('1' = only if this call removes the pending member, so that
     * concurrent repairs return a reservation once), candidateId, then slot, seat, course per seat. A seat already
     * listed free is not listed twice; nothing is returned into an area being rebuilt or rebuilt since. Seats go
     * back to the tail: handed out first-in first-out over the whole capacity, a seat number comes round again
     * only after every other free one, not at once to the next order.
     */
    static final LuaScript GIVE_BACK = LuaScript.of(GuardScripts.class, "give-back.lua");

    /**
     * Rebuilds an area. KEYS: meta, claims, pending, free:&lt;slot&gt; per slot. ARGV: epoch, force ('0' = only
     * while the area has no epoch, so concurrent rebuilds and admissions cannot interleave), claim count m,
     * m × (field, course), then per slot: slotNo, capacity, n, n held seat numbers.
     */
    static final LuaScript PRIME = LuaScript.of(GuardScripts.class, "prime.lua");

    /**
     * Right after {@link #PRIME}: applies what PostgreSQL committed between the snapshot and the prime. KEYS: meta,
     * claims, free:&lt;slot&gt; per slot. ARGV: epoch, then 4-tuples (op, key index, a, b): {@code take} seat a off
     * the list, {@code free} seat a onto it (if absent), {@code claim} field a = course b, {@code unclaim} field a
     * if it still names course b.
     */
    static final LuaScript RECONCILE = LuaScript.of(GuardScripts.class, "reconcile.lua");

    /** KEYS: meta, free:&lt;slot&gt;...; returns {primed(0|1), left per slot...}. */
    static final LuaScript LEFT = LuaScript.of(GuardScripts.class, "left.lua");

    /** KEYS index (1-based, as Lua sees it) of a slot's free list in the {@link #RECONCILE} key list. */
    static int slotIndex(ExamPlan.Sitting sitting, int slotNo) {
        for (int i = 0; i < sitting.slots().size(); i++) {
            if (sitting.slots().get(i).no() == slotNo) {
                return i + 3;
            }
        }
        throw new IllegalArgumentException("slot " + slotNo);
    }

    /** ARGV of {@link #PRIME} for one area and the enrolments PostgreSQL holds there. */
    static List<String> primeArgs(ExamPlan.Sitting sitting, ExamPlan.Area area, String epoch, boolean force,
                                          Set<SeatLedger.Held> held) {
        List<String> args = new ArrayList<>();
        args.add(epoch);
        args.add(force ? "1" : "0");
        args.add(String.valueOf(held.size()));
        Map<Integer, List<String>> seats = new HashMap<>();
        for (SeatLedger.Held h : held) {
            args.add(h.candidateId() + ":" + h.slotNo());
            args.add(h.courseCode());
            seats.computeIfAbsent(h.slotNo(), k -> new ArrayList<>()).add(String.valueOf(h.seatNo()));
        }
        for (ExamPlan.Slot slot : sitting.slots()) {
            List<String> s = seats.getOrDefault(slot.no(), List.of());
            args.add(String.valueOf(slot.no()));
            args.add(String.valueOf(area.seats().get(slot.no())));
            args.add(String.valueOf(s.size()));
            args.addAll(s);
        }
        return args;
    }
}
