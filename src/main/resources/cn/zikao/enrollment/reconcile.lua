-- reconcile: KEYS and ARGV as GuardScripts.RECONCILE describes them.
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
for i = 2, #ARGV, 4 do
  local op, key, a, b = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3]
  if op == 'take' then redis.call('SREM', key, a)
  elseif op == 'free' then redis.call('SADD', key, a)
  elseif op == 'claim' then redis.call('HSET', KEYS[2], a, b)
  elseif redis.call('HGET', KEYS[2], a) == b then redis.call('HDEL', KEYS[2], a) end
end
redis.call('HINCRBY', KEYS[1], 'ver', 1)
return 1
