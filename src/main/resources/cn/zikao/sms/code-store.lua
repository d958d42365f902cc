-- code-store: KEYS and ARGV as SmsCodes.STORE describes them.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'x', ARGV[2], 't', 0)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
