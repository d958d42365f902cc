-- reconcile: KEYS and ARGV as GuardScripts.RECONCILE describes them.
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
