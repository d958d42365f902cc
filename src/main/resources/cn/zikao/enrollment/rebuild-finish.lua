-- rebuild-finish: KEYS and ARGV as GuardScripts.REBUILD_FINISH describes them.
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
local n = (#KEYS - 5) / 2
for i = 1, n do
  local free, stage = KEYS[5 + i], KEYS[5 + n + i]
  redis.call('UNLINK', free)
  if redis.call('EXISTS', stage) == 1 then redis.call('RENAME', stage, free) end
  redis.call('HSET', KEYS[1], 'cap:' .. ARGV[2 * i], ARGV[2 * i + 1])
end
redis.call('UNLINK', KEYS[3], KEYS[4])
if redis.call('EXISTS', KEYS[5]) == 1 then redis.call('RENAME', KEYS[5], KEYS[3]) end
redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'layout', 'set')
redis.call('HINCRBY', KEYS[1], 'ver', 1)
redis.call('DEL', KEYS[2])
return 1
