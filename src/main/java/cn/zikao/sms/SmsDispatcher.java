package cn.zikao.sms;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigException;
import cn.zikao.platform.Sweeper;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds. Safe on every instance at once: each run claims due rows with
 * {@code FOR UPDATE SKIP LOCKED}, so a row goes to one dispatcher; a slow or failing provider delays only this
 * loop, never a request. Runs again at once while it finds full batches, else after the configured interval.
 */
final class SmsDispatcher extends Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(SmsDispatcher.class);
    private static final int BATCH = 20;
    private static final int MAX_ATTEMPTS = 5;

    private final SmsOutbox outbox;
    private final SmsProvider provider;
    private final MeterRegistry metrics;

    SmsDispatcher(SmsOutbox outbox, SmsProvider provider, int intervalMs, MeterRegistry metrics) {
        super("sms dispatch", intervalMs);
        this.outbox = outbox;
        this.provider = provider;
        this.metrics = metrics;
    }

    @Override
    protected Future<?> sweep() {
        return runOnce();
    }

    /** A full batch means more are waiting: go on at once. */
    @Override
    protected long nextDelayMs(AsyncResult<?> pass) {
        return pass.succeeded() && (Integer) pass.result() == BATCH ? 1 : super.nextDelayMs(pass);
    }

    /** Claims and sends one batch; answers how many messages it claimed. */
    Future<Integer> runOnce() {
        return outbox.claim(BATCH).compose(batch -> Future.join(batch.messages().stream().map(this::deliver).toList())
                .map(v -> batch.claimed()));
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
    static SmsProvider provider(Vertx vertx, AppConfig.Sms config, Clock clock) {
        return switch (config.provider()) {
            case "outbox" -> new DevOutboxProvider();
            case "aliyun" -> new AliyunSmsProvider(vertx, config.aliyun(), clock);
            default -> throw new ConfigException("sms.provider must be outbox or aliyun, got " + config.provider());
        };
    }
}
