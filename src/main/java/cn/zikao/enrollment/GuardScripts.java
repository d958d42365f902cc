package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
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
    static final String ADMIT = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            if not epoch then return {'REBUILDING'} end
            local n = #KEYS - 3
            local cid = ARGV[3]
            for i = 1, n do
              if redis.call('HEXISTS', KEYS[2], cid .. ':' .. ARGV[2 + 2 * i]) == 1 then
                return {'SLOT_TAKEN', ARGV[2 + 2 * i]}
              end
            end
            local seats = {}
            for i = 1, n do
              local seat = redis.call('LPOP', KEYS[3 + i])
              if not seat then
                for j = 1, i - 1 do redis.call('LPUSH', KEYS[3 + j], seats[j]) end
                return {'SEATS_FULL', ARGV[2 + 2 * i]}
              end
              seats[i] = seat
            end
            local parts = {}
            for i = 1, n do
              local slot, course = ARGV[2 + 2 * i], ARGV[3 + 2 * i]
              redis.call('HSET', KEYS[2], cid .. ':' .. slot, course)
              parts[i] = slot .. ':' .. seats[i] .. ':' .. course
            end
            local member = ARGV[2] .. '|' .. cid .. '|' .. table.concat(parts, ',')
            redis.call('ZADD', KEYS[3], ARGV[1], member)
            local out = {'OK', epoch, member}
            for i = 1, n do out[3 + i] = seats[i] end
            return out
            """;

    /**
     * After the PostgreSQL commit. KEYS: meta, claims, pending, free:&lt;slot&gt; per seat. ARGV: epoch of the
     * admission, pending member, candidateId, then slot, seat, course per seat. Under the same epoch it only
     * drops the pending entry; if the area was rebuilt meanwhile (from a snapshot that may predate the commit),
     * it takes the committed seats off the free lists and claims the slots.
     */
    static final String SETTLE = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            if not epoch then return 0 end
            if epoch == ARGV[1] then redis.call('ZREM', KEYS[3], ARGV[2]); return 1 end
            for i = 4, #KEYS do
              local k = 4 + 3 * (i - 4)
              redis.call('LREM', KEYS[i], 0, ARGV[k + 1])
              redis.call('HSET', KEYS[2], ARGV[3] .. ':' .. ARGV[k], ARGV[k + 2])
            end
            return 2
            """;

    /**
     * Gives seats and slot claims back. KEYS: meta, claims, pending, free:&lt;slot&gt; per seat. ARGV: epoch
     * ('' = any), pending member ('' = none), owned ('1' = only if this call removes the pending member, so that
     * concurrent repairs return a reservation once), candidateId, then slot, seat, course per seat. A seat already
     * listed free is not listed twice; nothing is returned into an area being rebuilt or rebuilt since.
     */
    static final String GIVE_BACK = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            if not epoch then return 0 end
            if ARGV[1] ~= '' and ARGV[1] ~= epoch then return 0 end
            if ARGV[2] ~= '' then
              local removed = redis.call('ZREM', KEYS[3], ARGV[2])
              if removed == 0 and ARGV[3] == '1' then return 0 end
            end
            for i = 4, #KEYS do
              local k = 5 + 3 * (i - 4)
              local slot, seat, course = ARGV[k], ARGV[k + 1], ARGV[k + 2]
              if seat ~= '' and not redis.call('LPOS', KEYS[i], seat) then redis.call('LPUSH', KEYS[i], seat) end
              local field = ARGV[4] .. ':' .. slot
              if redis.call('HGET', KEYS[2], field) == course then redis.call('HDEL', KEYS[2], field) end
            end
            return 1
            """;

    /**
     * Rebuilds an area. KEYS: meta, claims, pending, free:&lt;slot&gt; per slot. ARGV: epoch, force ('0' = only
     * while the area has no epoch, so concurrent rebuilds and admissions cannot interleave), claim count m,
     * m × (field, course), then per slot: slotNo, capacity, n, n held seat numbers.
     */
    static final String PRIME = """
            if ARGV[2] == '0' and redis.call('HEXISTS', KEYS[1], 'epoch') == 1 then return 0 end
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
            local m = tonumber(ARGV[3])
            for j = 0, m - 1 do redis.call('HSET', KEYS[2], ARGV[4 + 2 * j], ARGV[5 + 2 * j]) end
            local i = 4 + 2 * m
            local k = 3
            while i <= #ARGV do
              local slot, cap, n = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
              local held = {}
              for j = 1, n do held[ARGV[i + 2 + j]] = true end
              k = k + 1
              redis.call('DEL', KEYS[k])
              local batch = {}
              for s = 1, cap do
                if not held[tostring(s)] then
                  batch[#batch + 1] = s
                  if #batch == 1000 then redis.call('RPUSH', KEYS[k], unpack(batch)); batch = {} end
                end
              end
              if #batch > 0 then redis.call('RPUSH', KEYS[k], unpack(batch)) end
              redis.call('HSET', KEYS[1], 'cap:' .. slot, cap)
              i = i + 3 + n
            end
            redis.call('HSET', KEYS[1], 'epoch', ARGV[1])
            return 1
            """;

    /**
     * Right after {@link #PRIME}: applies what PostgreSQL committed between the snapshot and the prime. KEYS: meta,
     * claims, free:&lt;slot&gt; per slot. ARGV: epoch, then 4-tuples (op, key index, a, b): {@code take} seat a off
     * the list, {@code free} seat a onto it (if absent), {@code claim} field a = course b, {@code unclaim} field a
     * if it still names course b.
     */
    static final String RECONCILE = """
            if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
            for i = 2, #ARGV, 4 do
              local op, key, a, b = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3]
              if op == 'take' then redis.call('LREM', key, 0, a)
              elseif op == 'free' then
                if not redis.call('LPOS', key, a) then redis.call('RPUSH', key, a) end
              elseif op == 'claim' then redis.call('HSET', KEYS[2], a, b)
              elseif redis.call('HGET', KEYS[2], a) == b then redis.call('HDEL', KEYS[2], a) end
            end
            return 1
            """;

    /** KEYS: meta, free:&lt;slot&gt;...; returns {primed(0|1), left per slot...}. */
    static final String LEFT = """
            local out = { redis.call('HEXISTS', KEYS[1], 'epoch') }
            for k = 2, #KEYS do out[k] = redis.call('LLEN', KEYS[k]) end
            return out
            """;

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
