-- admit: KEYS and ARGV as GuardScripts.ADMIT describes them.
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
  local seat = redis.call('SPOP', KEYS[3 + i])
  if not seat then
    for j = 1, i - 1 do redis.call('SADD', KEYS[3 + j], seats[j]) end
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
redis.call('HINCRBY', KEYS[1], 'ver', 1)
local out = {'OK', epoch, member}
for i = 1, n do out[3 + i] = seats[i] end
return out
