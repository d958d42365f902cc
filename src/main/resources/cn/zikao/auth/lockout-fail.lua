-- lockout-fail: KEYS and ARGV as LoginLockout.FAIL describes them.
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
