package cn.zikao.platform;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shared parts every module is built from: one of each, made once at start-up. */
public record Platform(Vertx vertx, AppConfig config, Pool pg, RedisStore redis, PiiCipher pii, Clock clock,
                       PrometheusMeterRegistry metrics, ClientAddress clients) {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    /** Vert.x with its metrics, and the PostgreSQL pool and Redis client of {@code config}. */
    public static Platform open(AppConfig config, Clock clock) {
        ClientAddress clients = new ClientAddress(config.http().trustedProxies());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // a client may send any token as its method: only the standard ones become series, the rest are OTHER
        registry.config().meterFilter(MeterFilter.replaceTagValues(Label.HTTP_METHOD.toString(),
                m -> KNOWN_METHODS.contains(m) ? m : "OTHER"));
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setWorkerPoolSize(config.workerPoolSize())
                        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true))
                                .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_NAME, Label.POOL_TYPE)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        try {
            return new Platform(vertx, config, Postgres.pool(vertx, config.postgres()), new RedisStore(vertx, config.redis()),
                    new PiiCipher(config.pii()), clock, registry, clients);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Closes the pools, then Vert.x; waits at most a few seconds for each. */
    public void close() {
        try {
            redis.close();
            pg.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("shutdown: {}", e.toString());
        } finally {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("shutdown: {}", e.toString());
            }
        }
    }
}
