-- give-back: KEYS and ARGV as GuardScripts.GIVE_BACK describes them.
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
  if seat ~= '' then redis.call('SADD', KEYS[i], seat) end
  local field = ARGV[4] .. ':' .. slot
  if redis.call('HGET', KEYS[2], field) == course then redis.call('HDEL', KEYS[2], field) end
end
redis.call('HINCRBY', KEYS[1], 'ver', 1)
return 1
