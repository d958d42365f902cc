package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.LuaScript;

/**
 * The Lua scripts of the Redis guard. Every key of one script carries the hash tag {@code {sitting:area}} of
 * one exam area, so the scripts run unchanged on Redis Cluster. Keys per area: {@code meta} (epoch, capacities,
 * {@code ver} counting changes), {@code free:<slot>} (a SET of free seat numbers), {@code claims} (field
 * {@code <candidate>:<slot>} → course), {@code pending} (reservations not yet known to be committed, scored by
 * time in ms), and while a rebuild runs its {@code rebuild} lease and {@code stage:*} keys.
 *
 * <p>Free seats are a SET, not a list: SPOP, SADD and SREM cost O(1) whatever the capacity, where a list needs
 * an O(n) scan (LPOS, LREM) to give a seat back without listing it twice. Seats are therefore handed out in no
 * particular order, and a returned seat may go to the very next order.
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
     * it takes the committed seats out of the free sets and claims the slots.
     */
    static final LuaScript SETTLE = LuaScript.of(GuardScripts.class, "settle.lua");

    /**
     * Gives seats and slot claims back. KEYS: meta, claims, pending, free:&lt;slot&gt; per seat. ARGV: epoch
     * ('' = any), pending member ('' = none), owned ('1' = only if this call removes the pending member, so that
     * concurrent repairs return a reservation once), candidateId, then slot, seat, course per seat. Nothing is
     * returned into an area being rebuilt or rebuilt since.
     */
    static final LuaScript GIVE_BACK = LuaScript.of(GuardScripts.class, "give-back.lua");

    /**
     * Starts a rebuild. KEYS: meta, rebuild lease, then the stage keys to empty. ARGV: epoch, force ('0' = only
     * while the area has no epoch and no rebuild runs, so that concurrent rebuilds cannot interleave; '1' takes
     * the lease over), lease ms. Drops the epoch, so admissions answer REBUILDING until the finish.
     */
    static final LuaScript REBUILD_BEGIN = LuaScript.of(GuardScripts.class, "rebuild-begin.lua");

    /**
     * One chunk of free seats. KEYS: rebuild lease, stage:free:&lt;slot&gt;. ARGV: epoch, lease ms, first seat,
     * last seat, the seats PostgreSQL holds in that range. 0 if the lease is another rebuild's.
     */
    static final LuaScript REBUILD_SEATS = LuaScript.of(GuardScripts.class, "rebuild-seats.lua");

    /** One chunk of claims. KEYS: rebuild lease, stage:claims. ARGV: epoch, lease ms, (field, course)... */
    static final LuaScript REBUILD_CLAIMS = LuaScript.of(GuardScripts.class, "rebuild-claims.lua");

    /**
     * Switches the area to the staged sets at once. KEYS: meta, rebuild lease, claims, pending, stage:claims,
     * free:&lt;slot&gt; per slot, stage:free:&lt;slot&gt; per slot. ARGV: epoch, then slotNo, capacity per slot.
     * The old sets are UNLINKed (freed off the main thread), so the switch costs O(slots).
     */
    static final LuaScript REBUILD_FINISH = LuaScript.of(GuardScripts.class, "rebuild-finish.lua");

    /**
     * Right after a rebuild: applies what PostgreSQL committed between the snapshot and the finish. KEYS: meta,
     * claims, free:&lt;slot&gt; per slot. ARGV: epoch, then 4-tuples (op, key index, a, b): {@code take} seat a
     * out of the set, {@code free} seat a into it, {@code claim} field a = course b, {@code unclaim} field a if it
     * still names course b.
     */
    static final LuaScript RECONCILE = LuaScript.of(GuardScripts.class, "reconcile.lua");

    /** KEYS: meta, free:&lt;slot&gt;...; returns {primed(0|1), left per slot...}. */
    static final LuaScript LEFT = LuaScript.of(GuardScripts.class, "left.lua");

    /**
     * What the self-heal compares with PostgreSQL, read at one instant. KEYS: meta, claims, pending,
     * free:&lt;slot&gt; per slot. Returns {epoch or '', ver, claims count, free count per slot..., pending
     * members...}.
     */
    static final LuaScript AUDIT = LuaScript.of(GuardScripts.class, "audit.lua");

    /**
     * Drops claims PostgreSQL does not back, unless a reservation of the candidate is in flight: a pending entry
     * of the candidate whose order is not among those PostgreSQL is known to hold (a settle or give-back still on
     * its way leaves such entries behind for a moment). KEYS: meta, claims, pending. ARGV: candidateId, n, n
     * slots, then the order ids PostgreSQL knows. Returns {dropped} or {-1, order ids of the pending entries in
     * flight...}. O(pending), on a refusal only.
     */
    static final LuaScript STALE_CLAIM = LuaScript.of(GuardScripts.class, "stale-claim.lua");

    /** KEYS index (1-based, as Lua sees it) of a slot's free set in the {@link #RECONCILE} key list. */
    static int slotIndex(ExamPlan.Sitting sitting, int slotNo) {
        for (int i = 0; i < sitting.slots().size(); i++) {
            if (sitting.slots().get(i).no() == slotNo) {
                return i + 3;
            }
        }
        throw new IllegalArgumentException("slot " + slotNo);
    }
}
