package cn.zikao.platform;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** The shared parts every feature is built from: one of each, made once at start-up. */
public record Platform(Vertx vertx, AppConfig config, Pool pg, RedisStore redis, Clock clock,
                       PrometheusMeterRegistry metrics) {}
