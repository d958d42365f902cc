-- revocation-check: KEYS and ARGV as Revocations.CHECK describes them.
if redis.call('EXISTS', KEYS[1]) == 0 then return 2 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
local cut = redis.call('GET', KEYS[3])
if cut and tonumber(ARGV[1]) <= tonumber(cut) then return 1 end
return 0
