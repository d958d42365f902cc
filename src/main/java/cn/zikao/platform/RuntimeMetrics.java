package cn.zikao.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What a load test reads beside the request figures: JVM memory, GC, threads, JIT, process CPU and file
 * descriptors, and the delay of each event loop ({@code zikao_event_loop_delay_seconds{loop="n"}}): how late a task
 * queued for a loop's thread started, measured every {@link #PROBE_MS} ms on that loop itself.
 */
public final class RuntimeMetrics {
    static final long PROBE_MS = 100;

    private RuntimeMetrics() {}

    public static void bind(Vertx vertx, MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmCompilationMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        int n = 0;
        // the loops themselves, not Vert.x contexts: a verticle's timer would only see the loop it was given
        for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
            Timer delay = Timer.builder("zikao.event.loop.delay").description("how late a task queued for the event loop started")
                    .tag("loop", String.valueOf(n++)).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
            probe(loop, delay);
        }
    }

    /** Schedules one probe; when it runs, it records how late it is and schedules the next (ends with the loop). */
    private static void probe(EventExecutor loop, Timer delay) {
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
        try {
            loop.schedule(() -> {
                delay.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
                probe(loop, delay);
            }, PROBE_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Vert.x is closing: the probes end with the loops
        }
    }
}
