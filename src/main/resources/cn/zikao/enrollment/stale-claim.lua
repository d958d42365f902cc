-- stale-claim: KEYS and ARGV as GuardScripts.STALE_CLAIM describes them.
if not redis.call('HGET', KEYS[1], 'epoch') then return 0 end
local mark = '|' .. ARGV[1] .. '|'
for _, m in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  if string.find(m, mark, 1, true) then return 0 end
end
local dropped = 0
for i = 2, #ARGV do dropped = dropped + redis.call('HDEL', KEYS[2], ARGV[1] .. ':' .. ARGV[i]) end
if dropped > 0 then redis.call('HINCRBY', KEYS[1], 'ver', 1) end
return dropped
