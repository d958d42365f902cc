-- audit: KEYS and ARGV as GuardScripts.AUDIT describes them.
local out = { redis.call('HGET', KEYS[1], 'epoch') or '', redis.call('HGET', KEYS[1], 'ver') or '0',
  redis.call('HLEN', KEYS[2]) }
for k = 4, #KEYS do out[#out + 1] = redis.call('SCARD', KEYS[k]) end
for _, m in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do out[#out + 1] = m end
return out
