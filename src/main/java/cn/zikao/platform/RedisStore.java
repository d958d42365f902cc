package cn.zikao.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Redis client and its Lua scripts. Scripts are loaded once and run by SHA; after a Redis restart or
 * SCRIPT FLUSH the NOSCRIPT answer makes us load the script again. Every command fails after the command timeout
 * (the client has none of its own), so a Redis that hangs costs a request that long, not its whole timeout.
 */
public final class RedisStore {
    private final Redis client;
    private final RedisAPI api;
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    public RedisStore(Vertx vertx, AppConfig.RedisSettings c) {
        RedisOptions options = new RedisOptions().setConnectionString(c.uri())
                .setMaxPoolSize(c.maxPoolSize())
                .setMaxPoolWaiting(c.maxPoolWaiting())
                .setMaxWaitingHandlers(8192)
                .setPoolRecycleTimeout(15_000)
                .setPoolName("zikao-redis")
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(c.connectTimeoutMs()).setTcpNoDelay(true));
        this.client = new Timed(Redis.createClient(vertx, options), c.commandTimeoutMs());
        this.api = RedisAPI.api(client);
    }

    public RedisAPI api() {
        return api;
    }

    /** Runs a Lua script by SHA, loading it first if Redis does not know it. */
    public Future<Response> eval(LuaScript lua, List<String> keys, List<String> args) {
        String script = lua.text();
        String sha = shas.get(script);
        if (sha == null) {
            return load(script).compose(s -> evalsha(s, keys, args));
        }
        return evalsha(sha, keys, args).recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                ? load(script).compose(s -> evalsha(s, keys, args))
                : Future.failedFuture(e));
    }

    private Future<String> load(String script) {
        return api.script(List.of("LOAD", script)).map(r -> {
            String sha = r.toString();
            shas.put(script, sha);
            return sha;
        });
    }

    private Future<Response> evalsha(String sha, List<String> keys, List<String> args) {
        List<String> a = new ArrayList<>(2 + keys.size() + args.size());
        a.add(sha);
        a.add(String.valueOf(keys.size()));
        a.addAll(keys);
        a.addAll(args);
        return api.evalsha(a);
    }

    /** The client with a deadline on each command and batch. */
    private record Timed(Redis redis, long timeoutMs) implements Redis {
        @Override
        public Future<RedisConnection> connect() {
            return redis.connect();
        }

        @Override
        public Future<Void> close() {
            return redis.close();
        }

        @Override
        public Future<Response> send(Request command) {
            return redis.send(command).timeout(timeoutMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public Future<List<Response>> batch(List<Request> commands) {
            return redis.batch(commands).timeout(timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    public Future<Void> close() {
        api.close();
        return Future.succeededFuture();
    }
}
