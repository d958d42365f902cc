package cn.zikao.platform;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background pass run on every instance, again and again: the next pass is planned when this one has ended,
 * so passes never overlap (a periodic timer would start a new one while a slow one still runs). A failed pass
 * is logged and the loop goes on.
 */
public abstract class Sweeper extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final String name;
    private final long intervalMs;
    private long timer = -1;
    private volatile boolean stopped;

    protected Sweeper(String name, long intervalMs) {
        this.name = name;
        this.intervalMs = intervalMs;
    }

    /** One pass. */
    protected abstract Future<?> sweep();

    /** How long to wait before the next pass, given how this one ended; the interval unless a subclass knows better. */
    protected long nextDelayMs(AsyncResult<?> pass) {
        return intervalMs;
    }

    @Override
    public Future<?> start() {
        schedule(intervalMs);
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    private void schedule(long delayMs) {
        if (!stopped) {
            timer = vertx.setTimer(delayMs, t -> pass().onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warn("{}: {}", name, ar.cause().toString());
                }
                schedule(nextDelayMs(ar));
            }));
        }
    }

    private Future<?> pass() {
        try {
            return sweep();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
