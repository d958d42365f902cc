package cn.zikao.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.concurrent.TimeUnit;

/** Liveness, readiness, the Prometheus scrape and the contract itself. */
public final class OpsRoutes implements Module {
    private final Platform platform;

    public OpsRoutes(Platform platform) {
        this.platform = platform;
    }

    @Override
    public void routes(Operations ops) {
        ops.handle("health", ctx -> ctx.json(new JsonObject().put("status", "UP")))
                .handle("ready", this::ready)
                .handle("metrics", PrometheusScrapingHandler.create(platform.metrics()))
                .handle("openapi", ctx -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
                        .sendFile("openapi.yaml"));
    }

    private void ready(RoutingContext ctx) {
        Future<Boolean> pg = platform.pg().query("SELECT 1").execute().map(r -> true)
                .timeout(1500, TimeUnit.MILLISECONDS).otherwise(false);
        Future<Boolean> redis = platform.redis().api().ping(java.util.List.of()).map(r -> true)
                .timeout(1500, TimeUnit.MILLISECONDS).otherwise(false);
        Future.join(pg, redis).onComplete(v -> {
            boolean up = pg.result() && redis.result();
            ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", up ? "UP" : "DOWN")
                            .put("postgres", pg.result() ? "UP" : "DOWN")
                            .put("redis", redis.result() ? "UP" : "DOWN").encode());
        });
    }
}
