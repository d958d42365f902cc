package zikao.baseline;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The machine's ceilings for the load tests, served the way the service serves (one verticle per event loop,
 * same pool sizes): {@code POST /insert} does one durable PostgreSQL insert (synchronous commit), {@code GET /redis}
 * one Redis round trip. Nothing else: no routing, no JSON, no auth.
 * <p>{@code java -jar baseline.jar} with BASELINE_PG_URI, BASELINE_REDIS_URI, BASELINE_PORT (default 8091).
 */
public final class BaselineServer extends VerticleBase {
    private static final String INSERT = "INSERT INTO baseline_insert (payload) VALUES ($1)";

    private final Pool pg;
    private final RedisAPI redis;
    private final int port;

    BaselineServer(Pool pg, RedisAPI redis, int port) {
        this.pg = pg;
        this.redis = redis;
        this.port = port;
    }

    public static void main(String[] args) {
        String pgUri = env("BASELINE_PG_URI", "postgresql://postgres@127.0.0.1:5432/zikao_bench");
        String redisUri = env("BASELINE_REDIS_URI", "redis://127.0.0.1:6379/0");
        int port = Integer.parseInt(env("BASELINE_PORT", "8091"));
        Vertx vertx = Vertx.vertx();
        Pool pg = PgBuilder.pool().with(new PoolOptions().setMaxSize(16).setMaxWaitQueueSize(1024).setShared(true)
                        .setName("baseline"))
                .connectingTo(PgConnectOptions.fromUri(pgUri).setCachePreparedStatements(true)).using(vertx).build();
        RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUri)
                .setMaxPoolSize(32).setMaxPoolWaiting(2048)));
        int instances = 2 * Runtime.getRuntime().availableProcessors();
        pg.query("CREATE TABLE IF NOT EXISTS baseline_insert (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)").execute()
                .compose(r -> vertx.deployVerticle(() -> new BaselineServer(pg, redis, port),
                        new DeploymentOptions().setInstances(instances)))
                .onSuccess(id -> System.out.println("baseline on :" + port + " (" + instances + " event loops)"))
                .onFailure(e -> {
                    System.err.println("baseline: " + e);
                    vertx.close();
                });
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer().requestHandler(this::handle).listen(port);
    }

    private void handle(HttpServerRequest req) {
        if (req.path().equals("/insert")) {
            pg.preparedQuery(INSERT).execute(Tuple.of("order")).onComplete(ar -> end(req, ar.succeeded()));
        } else if (req.path().equals("/redis")) {
            redis.scard("zk:{271:0100}:free:1").onComplete(ar -> end(req, ar.succeeded()));
        } else {
            req.response().setStatusCode(404).end();
        }
    }

    private static void end(HttpServerRequest req, boolean ok) {
        req.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "application/json")
                .end(ok ? "{\"ok\":true}" : "{\"ok\":false}");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
