package cn.zikao.paysim;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigException;
import cn.zikao.platform.Module;
import cn.zikao.platform.Platform;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The WeChat Pay gateway simulator of the dev profile: in the service's process, or alone ({@code paysim}), with
 * keys generated once under the data directory that the service's dev configuration takes as its own.
 */
public final class PaySimModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(PaySimModule.class);

    private final Platform platform;

    public PaySimModule(Platform platform) {
        this.platform = platform;
    }

    /** The dev configuration with its empty WeChat Pay settings filled from the simulator's keys; prod unchanged. */
    public static AppConfig withDevKeys(AppConfig config) {
        return SimulatorKeys.fill(config);
    }

    @Override
    public List<Deployable> background() {
        AppConfig config = platform.config();
        AppConfig.Simulator sim = config.payment().simulator();
        if (!config.dev() || !sim.enabled()) {
            return List.of();
        }
        return List.of(new PaySimulator(SimulatorKeys.ensure(config.dataDir()), sim.host(), sim.port(), sim.timeScale(),
                platform.clock(), true));
    }

    /** {@code paysim}: the simulator alone until SIGTERM or SIGINT; dev profile only. */
    public static int serveAlone(AppConfig config) {
        if (!config.dev()) {
            throw new ConfigException("the payment simulator runs only in the dev profile");
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Vertx vertx = Vertx.vertx();
        AppConfig.Simulator sim = config.payment().simulator();
        try {
            // alone, it keeps its orders in a journal under the data directory: restarted, it still knows what was paid
            vertx.deployVerticle(new PaySimulator(SimulatorKeys.ensure(config.dataDir()), sim.host(), sim.port(), sim.timeScale(),
                    Clock.systemUTC(), false, java.nio.file.Path.of(config.dataDir(), "paysim", "orders.jsonl"))).await(30, TimeUnit.SECONDS);
            LOG.info("payment gateway simulator ready (keys under {}/paysim)", config.dataDir());
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("payment simulator: " + e.getMessage(), e);
        } finally {
            vertx.close();
        }
        return 0;
    }
}
