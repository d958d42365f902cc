package cn.zikao.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Redis client, standalone or Redis Cluster, and its Lua scripts. In cluster mode the client follows
 * MOVED/ASK and failovers itself, and reads and writes go to masters only: nothing here may be read stale.
 * Scripts run by SHA; a node that does not know one (restarted, failed over, another cluster node) answers
 * NOSCRIPT and gets the script's text once by EVAL, which runs it on that very node and caches it there.
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
        this.client = Redis.createClient(vertx, options);
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

    public Future<Void> close() {
        api.close();
        return Future.succeededFuture();
    }
}
