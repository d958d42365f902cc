-- left: KEYS and ARGV as GuardScripts.LEFT describes them.
local out = { redis.call('HEXISTS', KEYS[1], 'epoch') }
for k = 2, #KEYS do out[k] = redis.call('SCARD', KEYS[k]) end
return out
