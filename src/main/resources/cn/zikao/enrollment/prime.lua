-- prime: KEYS and ARGV as GuardScripts.PRIME describes them.
if ARGV[2] == '0' and redis.call('HEXISTS', KEYS[1], 'epoch') == 1 then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
local m = tonumber(ARGV[3])
for j = 0, m - 1 do redis.call('HSET', KEYS[2], ARGV[4 + 2 * j], ARGV[5 + 2 * j]) end
local i = 4 + 2 * m
local k = 3
while i <= #ARGV do
  local slot, cap, n = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local held = {}
  for j = 1, n do held[ARGV[i + 2 + j]] = true end
  k = k + 1
  redis.call('DEL', KEYS[k])
  local batch = {}
  for s = 1, cap do
    if not held[tostring(s)] then
      batch[#batch + 1] = s
      if #batch == 1000 then redis.call('RPUSH', KEYS[k], unpack(batch)); batch = {} end
    end
  end
  if #batch > 0 then redis.call('RPUSH', KEYS[k], unpack(batch)) end
  redis.call('HSET', KEYS[1], 'cap:' .. slot, cap)
  i = i + 3 + n
end
redis.call('HSET', KEYS[1], 'epoch', ARGV[1])
return 1
