package cn.zikao.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Redis client, standalone or Redis Cluster, and its Lua scripts. In cluster mode the client follows
 * MOVED/ASK and failovers itself, and reads and writes go to masters only: nothing here may be read stale.
 * Scripts run by SHA; a node that does not know one (restarted, failed over, another cluster node) answers
 * NOSCRIPT and gets the script's text once by EVAL, which runs it on that very node and caches it there. Every
 * command fails after the command timeout, so a Redis that hangs costs a request that long, not its whole timeout.
 */
public final class RedisStore {
    private final Redis client;
    private final RedisAPI api;

    public RedisStore(Vertx vertx, AppConfig.RedisSettings c) {
        RedisOptions options = new RedisOptions()
                .setMaxPoolSize(c.maxPoolSize())
                .setMaxPoolWaiting(c.maxPoolWaiting())
                .setMaxWaitingHandlers(8192)
                .setPoolRecycleTimeout(15_000)
                .setPoolName("zikao-redis")
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(c.connectTimeoutMs()).setTcpNoDelay(true));
        if (c.cluster()) {
            options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER)
                    .setEndpoints(Arrays.stream(c.uri().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        } else {
            options.setConnectionString(c.uri());
        }
        Redis redis = Redis.createClient(vertx, options);
        // The cluster client finds its nodes and slots inside the first commands' send, which under a burst of first
        // commands takes longer than one command should; there each node's connect timeout bounds the wait instead.
        this.client = c.cluster() ? redis : new Timed(redis, c.commandTimeoutMs());
        this.api = RedisAPI.api(client);
    }

    public RedisAPI api() {
        return api;
    }

    /** Runs a Lua script by SHA, or by its text on a node that does not know it yet. */
    public Future<Response> eval(LuaScript lua, List<String> keys, List<String> args) {
        return api.evalsha(command(lua.sha(), keys, args)).recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                ? api.eval(command(lua.text(), keys, args))
                : Future.failedFuture(e));
    }

    private static List<String> command(String script, List<String> keys, List<String> args) {
        List<String> a = new ArrayList<>(2 + keys.size() + args.size());
        a.add(script);
        a.add(String.valueOf(keys.size()));
        a.addAll(keys);
        a.addAll(args);
        return a;
    }

    /** The client with a deadline on each command and batch (5.0.7's client has none of its own). */
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
