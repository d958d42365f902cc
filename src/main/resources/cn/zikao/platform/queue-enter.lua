-- queue-enter: KEYS and ARGV as WaitingRoom.ENTER describes them.
local now = tonumber(ARGV[3])
local n = tonumber(ARGV[1])
-- places not seen for a while are left out of the count until they come back
local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[4]), 'LIMIT', 0, 200)
if #stale > 0 then
  redis.call('ZREM', KEYS[2], unpack(stale))
  redis.call('ZREM', KEYS[3], unpack(stale))
end
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
if n == 0 then
  if redis.call('EXISTS', KEYS[1]) == 0 then
    redis.call('SET', KEYS[1], ARGV[7])
  end
  n = redis.call('INCR', KEYS[1])
elseif redis.call('ZSCORE', KEYS[4], ARGV[1]) then
  return {n, -1, 0, redis.call('ZCARD', KEYS[2])}
end
redis.call('ZADD', KEYS[2], n, n)
redis.call('ZADD', KEYS[3], now, n)
local ahead = redis.call('ZCOUNT', KEYS[2], '-inf', '(' .. n)
local admitted = 0
if ahead < tonumber(ARGV[2]) then
  admitted = 1
  redis.call('ZREM', KEYS[2], n)
  redis.call('ZREM', KEYS[3], n)
  redis.call('ZADD', KEYS[4], ARGV[6], n)
end
for i = 1, 4 do
  redis.call('EXPIRE', KEYS[i], ARGV[5])
end
return {n, admitted, ahead, redis.call('ZCARD', KEYS[2])}
