-- stale-claim: KEYS and ARGV as GuardScripts.STALE_CLAIM describes them.
if not redis.call('HGET', KEYS[1], 'epoch') then return {0} end
local cid, n = ARGV[1], tonumber(ARGV[2])
local known = {}
for i = 3 + n, #ARGV do known[ARGV[i]] = true end
local mark = '|' .. cid .. '|'
local unknown = {}
for _, m in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  local at = string.find(m, mark, 1, true)
  if at then
    local order = string.sub(m, 1, at - 1)
    if not known[order] then unknown[#unknown + 1] = order end
  end
end
if #unknown > 0 then
  table.insert(unknown, 1, -1)
  return unknown
end
local dropped = 0
for i = 3, 2 + n do dropped = dropped + redis.call('HDEL', KEYS[2], cid .. ':' .. ARGV[i]) end
if dropped > 0 then redis.call('HINCRBY', KEYS[1], 'ver', 1) end
return {dropped}
