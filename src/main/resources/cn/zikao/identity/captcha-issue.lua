-- captcha-issue: KEYS and ARGV as Captchas.ISSUE describes them.
-- Counts a captcha against its address and against all addresses in this minute, or refuses it without counting
-- (so a refused flood writes nothing): 0 = issued, 1 = the address is over its limit, 2 = all of them are.
local ip = tonumber(redis.call('GET', KEYS[1]) or '0')
if ip >= tonumber(ARGV[1]) then return 1 end
local all = tonumber(redis.call('GET', KEYS[2]) or '0')
if all >= tonumber(ARGV[2]) then return 2 end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
if redis.call('INCR', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
return 0
