-- settle: KEYS and ARGV as GuardScripts.SETTLE describes them.
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then return 0 end
redis.call('HINCRBY', KEYS[1], 'ver', 1)
if epoch == ARGV[1] then redis.call('ZREM', KEYS[3], ARGV[2]); return 1 end
for i = 4, #KEYS do
  local k = 4 + 3 * (i - 4)
  redis.call('SREM', KEYS[i], ARGV[k + 1])
  redis.call('HSET', KEYS[2], ARGV[3] .. ':' .. ARGV[k], ARGV[k + 2])
end
return 2
