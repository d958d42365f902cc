-- code-spend: KEYS and ARGV as SmsCodes.SPEND describes them.
if redis.call('HGET', KEYS[1], 'd') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
