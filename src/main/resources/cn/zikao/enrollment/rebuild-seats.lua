-- rebuild-seats: KEYS and ARGV as GuardScripts.REBUILD_SEATS describes them.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local held = {}
for j = 5, #ARGV do held[ARGV[j]] = true end
local batch = {}
for s = tonumber(ARGV[3]), tonumber(ARGV[4]) do
  if not held[tostring(s)] then
    batch[#batch + 1] = s
    if #batch == 1000 then redis.call('SADD', KEYS[2], unpack(batch)); batch = {} end
  end
end
if #batch > 0 then redis.call('SADD', KEYS[2], unpack(batch)) end
return 1
