-- rebuild-claims: KEYS and ARGV as GuardScripts.REBUILD_CLAIMS describes them.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
for j = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[j], ARGV[j + 1]) end
return 1
