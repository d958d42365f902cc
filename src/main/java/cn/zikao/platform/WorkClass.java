package cn.zikao.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A class of work (password hashing, image checks, captcha drawing, QR drawing, order placement) with a bound on
 * how much runs at once and how much may wait. Past the bound the answer is 503 {@link Busy} at once, with a
 * Retry-After from how fast the class drains, instead of a wait in an unbounded queue until the request times out.
 * A place is taken ({@link #admit()}) before anything is spent, so a refusal costs the candidate nothing; work
 * whose candidate has gone (timed out, connection closed) is dropped before it starts.
 */
public final class WorkClass {
    private static final Object INTEREST = new Object();
    private static final double WEIGHT = 0.2;

    private final String name;
    private final int running;
    private final int bound;
    private final WorkerExecutor executor;
    private final Counter admitted;
    private final Counter refused;
    private final Counter dropped;
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private int held;
    private int started;
    private volatile double drainMs = 100;

    private WorkClass(Platform platform, String name, AppConfig.Bound b, boolean blocking) {
        this.name = name;
        this.running = b.running();
        this.bound = b.running() + b.waiting();
        this.executor = blocking && running > 0 ? platform.vertx().createSharedWorkerExecutor("zikao-" + name, running) : null;
        this.admitted = Counter.builder("zikao_work_admitted").tag("class", name).description("admitted and run")
                .register(platform.metrics());
        this.refused = Counter.builder("zikao_work_busy").tag("class", name).description("answered 503 BUSY")
                .register(platform.metrics());
        this.dropped = Counter.builder("zikao_work_dropped").tag("class", name)
                .description("dropped before it started: the candidate had gone").register(platform.metrics());
        Gauge.builder("zikao_work_held", this, WorkClass::held).tag("class", name).register(platform.metrics());
    }

    /** CPU-bound work, run on threads of the class's own, as many as may run at once. */
    public static WorkClass onWorkers(Platform platform, String name, AppConfig.Bound bound) {
        return new WorkClass(platform, name, bound, true);
    }

    /** Asynchronous work (PostgreSQL and Redis steps), started on the caller's event loop. */
    public static WorkClass onEventLoop(Platform platform, String name, AppConfig.Bound bound) {
        return new WorkClass(platform, name, bound, false);
    }

    /** Marks the request's context, so that work queued for it is dropped once it has been answered or its connection closed. */
    static void follow(RoutingContext ctx) {
        if (Vertx.currentContext() instanceof ContextInternal c && c.isDuplicate()) {
            AtomicBoolean gone = new AtomicBoolean();
            c.localContextData().put(INTEREST, gone);
            ctx.addEndHandler(v -> gone.set(true));
        }
    }

    /** A place in the class, or 503 BUSY when it is full. Give it back with {@link Permit#release()} if it goes unused. */
    public Permit admit() {
        Permit p = tryAdmit();
        if (p == null) {
            refused.increment();
            throw Busy.retryAfter(retryAfterSeconds());
        }
        return p;
    }

    /** A place, or null when the class is full (the waiting room decides what to answer). */
    Permit tryAdmit() {
        synchronized (this) {
            if (held >= bound) {
                return null;
            }
            held++;
        }
        return new Permit();
    }

    /** Counts a BUSY answered for this class by its waiting room. */
    void refusedInLine() {
        refused.increment();
    }

    /** Seconds until a place is likely free: the time one piece of work takes, times the work ahead, over those running. */
    public int retryAfterSeconds() {
        return waitSeconds(held() + 1);
    }

    /** Seconds until {@code ahead} pieces of work have drained, at least 1. */
    int waitSeconds(int ahead) {
        return (int) Math.max(1, Math.ceil(drainMs * ahead / Math.max(1, running) / 1000));
    }

    /** Places free right now. */
    synchronized int free() {
        return Math.max(0, bound - held);
    }

    synchronized int held() {
        return held;
    }

    /** Nothing running or waiting: work that can be done ahead of time may take a place now. */
    public synchronized boolean idle() {
        return held == 0;
    }

    String name() {
        return name;
    }

    private void measured(long startNanos) {
        if (startNanos > 0) {
            drainMs = (1 - WEIGHT) * drainMs + WEIGHT * (System.nanoTime() - startNanos) / 1e6;
        }
    }

    private synchronized void finished() {
        held--;
    }

    /** An asynchronous piece ended: its running place goes to the longest waiting one, on that one's event loop. */
    private void finishedAsync() {
        Runnable next;
        synchronized (this) {
            held--;
            next = queued.poll();
            if (next == null) {
                started--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    /** One admitted piece of work: runs once, or is given back. */
    public final class Permit {
        private final AtomicBoolean used = new AtomicBoolean();
        private final AtomicBoolean gone = interest();
        private final Context context = Vertx.currentContext();

        private Permit() {}

        /** Runs blocking {@code work} on the class's threads. */
        public <T> Future<T> blocking(Callable<T> work) {
            if (!used.compareAndSet(false, true)) {
                return Future.failedFuture(new IllegalStateException("a permit of " + name + " runs once"));
            }
            admitted.increment();
            return executor.executeBlocking(() -> {
                if (gone.get()) {
                    dropped.increment();
                    finished();
                    throw new Gone();
                }
                long start = System.nanoTime();
                try {
                    return work.call();
                } finally {
                    measured(start);
                    finished();
                }
            }, false);
        }

        /** Starts asynchronous {@code work} when one of the running places is free, in the order places were taken. */
        public <T> Future<T> async(Supplier<Future<T>> work) {
            if (!used.compareAndSet(false, true)) {
                return Future.failedFuture(new IllegalStateException("a permit of " + name + " runs once"));
            }
            admitted.increment();
            Promise<T> promise = context instanceof ContextInternal c ? c.promise() : Promise.promise();
            Runnable body = () -> {
                if (gone.get()) {
                    dropped.increment();
                    finishedAsync();
                    promise.fail(new Gone());
                    return;
                }
                long start = System.nanoTime();
                Future<T> f;
                try {
                    f = work.get();
                } catch (RuntimeException e) {
                    f = Future.failedFuture(e);
                }
                f.onComplete(ar -> {
                    measured(start);
                    finishedAsync();
                    promise.handle(ar);
                });
            };
            boolean now;
            synchronized (WorkClass.this) {
                now = started < running;
                if (now) {
                    started++;
                } else {
                    queued.add(context == null ? body : () -> context.runOnContext(v -> body.run()));
                }
            }
            if (now) {
                body.run();
            }
            return promise.future();
        }

        /** Gives the place back when the work will not run (the request failed before it); a no-op once it ran. */
        public void release() {
            if (used.compareAndSet(false, true)) {
                finished();
            }
        }
    }

    private static AtomicBoolean interest() {
        if (Vertx.currentContext() instanceof ContextInternal c && c.isDuplicate()) {
            if (c.localContextData().get(INTEREST) instanceof AtomicBoolean gone) {
                return gone;
            }
        }
        return new AtomicBoolean();
    }

    /** The candidate went away before the work started; nobody sees this failure. */
    static final class Gone extends RuntimeException {
        Gone() {
            super("the request was answered before its work started", null, false, false);
        }
    }
}
