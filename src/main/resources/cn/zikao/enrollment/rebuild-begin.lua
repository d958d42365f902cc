-- rebuild-begin: KEYS and ARGV as GuardScripts.REBUILD_BEGIN describes them.
if ARGV[2] == '0' and (redis.call('HEXISTS', KEYS[1], 'epoch') == 1 or redis.call('EXISTS', KEYS[2]) == 1) then
  return 0
end
redis.call('HDEL', KEYS[1], 'epoch')
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
for k = 3, #KEYS do redis.call('UNLINK', KEYS[k]) end
return 1
