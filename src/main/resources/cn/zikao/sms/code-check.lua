-- code-check: KEYS and ARGV as SmsCodes.CHECK describes them.
local d = redis.call('HGET', KEYS[1], 'd')
if not d then return 0 end
if tonumber(ARGV[2]) > tonumber(redis.call('HGET', KEYS[1], 'x')) then
  redis.call('DEL', KEYS[1])
  return 0
end
if d == ARGV[1] then
  if ARGV[4] ~= 'keep' then redis.call('DEL', KEYS[1]) end
  return 1
end
if redis.call('HINCRBY', KEYS[1], 't', 1) >= tonumber(ARGV[3]) then redis.call('DEL', KEYS[1]) end
return 0
