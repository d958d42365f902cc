-- revocation-fill: KEYS and ARGV as Revocations.FILL describes them.
for i = 2, #KEYS do
  local v = tonumber(ARGV[2 * i - 2])
  local ttl = tonumber(ARGV[2 * i - 1])
  local old = redis.call('GET', KEYS[i])
  if ttl > 0 and (not old or v > tonumber(old)) then
    redis.call('SET', KEYS[i], ARGV[2 * i - 2], 'PX', ttl)
  end
end
if ARGV[1] == 'mark' then redis.call('SET', KEYS[1], '1') end
return #KEYS - 1
