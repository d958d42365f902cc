-- ip-count: KEYS and ARGV as SmsLimits.IP_COUNT describes them.
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
