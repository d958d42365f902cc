package cn.zikao.identity;

import cn.zikao.platform.Busy;
import cn.zikao.platform.Platform;
import cn.zikao.platform.Sweeper;
import cn.zikao.platform.WorkClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Captchas drawn ahead of time. At the opening every candidate asks for a captcha within the same minute in which the
 * password hashing fills both cores; drawing them then makes each wait behind the hashing. So each instance draws up
 * to {@code capacity} while its drawing class is idle (in the minutes before the opening, in any lull) and hands each
 * out once, in the order drawn; when the stock is empty a captcha is drawn when asked, as without it. The stock lives
 * only in this instance's memory: the answer reaches Redis, hashed, when the captcha is issued, and the 120 s a
 * captcha lives count from then.
 */
final class CaptchaStock extends Sweeper {
    /** Drawn in batches of this many on one place of the drawing class, a few milliseconds each. */
    private static final int BATCH = 16;
    private static final long FILLING_MS = 100;
    private static final long RESTING_MS = 1000;

    record Drawn(String answer, byte[] png) {}

    private final ConcurrentLinkedQueue<Drawn> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final WorkClass drawing;
    private final SecureRandom random;
    private final Counter drawnAhead;

    CaptchaStock(Platform platform, WorkClass drawing, int capacity, SecureRandom random) {
        super("captcha stock", FILLING_MS);
        this.capacity = capacity;
        this.drawing = drawing;
        this.random = random;
        this.drawnAhead = Counter.builder("zikao_captcha_drawn").tag("when", "ahead")
                .description("captchas drawn, ahead of time or when asked").register(platform.metrics());
        Gauge.builder("zikao_captcha_stock", size, AtomicInteger::get)
                .description("captchas drawn ahead and not yet handed out on this instance").register(platform.metrics());
    }

    /** A captcha drawn ahead, handed out to this caller only, or null when the stock is empty. */
    Drawn take() {
        Drawn d = ready.poll();
        if (d != null) {
            size.decrementAndGet();
        }
        return d;
    }

    int size() {
        return size.get();
    }

    @Override
    protected Future<?> sweep() {
        int missing = capacity - size.get();
        if (missing <= 0 || !drawing.idle()) {
            return Future.succeededFuture(false);
        }
        WorkClass.Permit place;
        try {
            place = drawing.admit();
        } catch (Busy busy) {
            return Future.succeededFuture(false);
        }
        int n = Math.min(missing, BATCH);
        return place.blocking(() -> {
            List<Drawn> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String answer = Captchas.newAnswer(random);
                batch.add(new Drawn(answer, CaptchaImage.draw(answer, random)));
                drawnAhead.increment();
            }
            return batch;
        }).map(batch -> {
            ready.addAll(batch);
            size.addAndGet(batch.size());
            return true;
        });
    }

    /** Again soon while the stock fills; once full, or while candidates are being served, now and then. */
    @Override
    protected long nextDelayMs(AsyncResult<?> pass) {
        return pass.succeeded() && Boolean.TRUE.equals(pass.result()) && size.get() < capacity ? FILLING_MS : RESTING_MS;
    }
}
