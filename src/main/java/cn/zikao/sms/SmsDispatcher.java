package cn.zikao.sms;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds. Safe on every instance at once: each run claims due rows with
 * {@code FOR UPDATE SKIP LOCKED}, so a row goes to one dispatcher; a slow or failing provider delays only this
 * loop, never a request. Runs again at once while it finds full batches, else after the configured interval.
 */
public final class SmsDispatcher extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(SmsDispatcher.class);
    private static final int BATCH = 20;
    private static final int MAX_ATTEMPTS = 5;

    private final SmsOutbox outbox;
    private final SmsProvider provider;
    private final int intervalMs;
    private final MeterRegistry metrics;
    private volatile boolean stopped;

    public SmsDispatcher(SmsOutbox outbox, SmsProvider provider, int intervalMs, MeterRegistry metrics) {
        this.outbox = outbox;
        this.provider = provider;
        this.intervalMs = intervalMs;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        schedule(intervalMs);
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        return Future.succeededFuture();
    }

    private void schedule(long delayMs) {
        if (!stopped) {
            vertx.setTimer(delayMs, t -> runOnce().onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warn("sms dispatch: {}", ar.cause().toString());
                }
                schedule(ar.succeeded() && ar.result() == BATCH ? 1 : intervalMs);
            }));
        }
    }

    /** Claims and sends one batch; answers how many messages it claimed. */
    Future<Integer> runOnce() {
        return outbox.claim(BATCH).compose(batch -> Future.join(batch.stream().map(this::deliver).toList())
                .map(v -> batch.size()));
    }

    private Future<Void> deliver(SmsOutbox.Message m) {
        return provider.send(m)
                .compose(ref -> {
                    LOG.debug("sms {} ({}) sent via {}", m.id(), m.template(), provider.name());
                    count("sent");
                    return outbox.sent(m.id(), ref);
                })
                .recover(e -> {
                    boolean retry = e instanceof SmsSendException s && s.retryable() && m.attempts() < MAX_ATTEMPTS;
                    String reason = e instanceof SmsSendException ? e.getMessage() : e.getClass().getSimpleName();
                    LOG.warn("sms {} ({}) attempt {} failed: {}{}", m.id(), m.template(), m.attempts(), reason,
                            retry ? ", will retry" : ", given up");
                    count(retry ? "retry" : "failed");
                    return retry ? outbox.retryLater(m.id(), 5 << m.attempts(), reason) : outbox.failed(m.id(), reason);
                });
    }

    private void count(String outcome) {
        metrics.counter("zikao_sms_total", "provider", provider.name(), "outcome", outcome).increment();
    }

    /** The provider the configuration names. */
    public static SmsProvider provider(Vertx vertx, AppConfig.Sms config, Clock clock) {
        return switch (config.provider()) {
            case "outbox" -> new DevOutboxProvider();
            case "aliyun" -> new AliyunSmsProvider(vertx, config.aliyun(), clock);
            default -> throw new ConfigException("sms.provider must be outbox or aliyun, got " + config.provider());
        };
    }
}
