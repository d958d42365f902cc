package cn.zikao;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigException;
import cn.zikao.platform.ConfigLoader;
import cn.zikao.platform.EmbeddedServers;
import cn.zikao.paysim.PaySimulator;
import cn.zikao.paysim.SimulatorKeys;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar zikao.jar [command]}: with no command it serves; the operator commands are {@code check},
 * {@code rebuild-redis}, {@code import-roster FILE.csv} and {@code paysim}.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        try {
            AppConfig config = ConfigLoader.fromEnvironment();
            int status = switch (command) {
                case "serve" -> serve(config);
                case "check" -> StoreCommands.check(config);
                case "rebuild-redis" -> StoreCommands.rebuildRedis(config);
                case "paysim" -> paysim(config);
                default -> {
                    System.err.println("unknown command '" + command + "'; commands: serve, check, rebuild-redis, import-roster FILE.csv, paysim");
                    yield 2;
                }
            };
            System.exit(status);
        } catch (ConfigException e) {
            System.err.println("zikao: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("zikao: cannot start: " + rootMessage(e));
            LOG.debug("start-up failure", e);
            System.exit(1);
        }
    }

    /** Serves until SIGTERM or SIGINT, then stops gracefully and exits 0. */
    private static int serve(AppConfig config) {
        long t0 = System.nanoTime();
        // Caught from the start: a TERM during start-up still stops the embedded servers (they have no shutdown hook).
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        EmbeddedServers embedded = null;
        boolean needPg = config.postgres().uri().isBlank();
        boolean needRedis = config.redis().uri().isBlank();
        if ((needPg || needRedis) && !config.dev()) {
            throw new ConfigException("prod profile needs ZIKAO_PG_URI and ZIKAO_REDIS_URI");
        }
        if (needPg || needRedis) {
            embedded = EmbeddedServers.start(Path.of(config.dataDir()), needPg, needRedis);
            config = config.withStores(needPg ? embedded.pgUri() : config.postgres().uri(),
                    needRedis ? embedded.redisUri() : config.redis().uri());
            LOG.info("embedded servers under {}: PostgreSQL {} Redis {}", Path.of(config.dataDir()).toAbsolutePath(),
                    needPg ? config.postgres().uri() : "(external)", needRedis ? config.redis().uri() : "(external)");
        }
        Application app;
        try {
            app = Application.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        LOG.info("Zikao ({} profile) ready at http://localhost:{}/ in {} ms", config.profile(), config.http().port(),
                (System.nanoTime() - t0) / 1_000_000);
        await(stop);
        LOG.info("stopping: finishing in-flight requests");
        app.close();
        if (embedded != null) {
            embedded.close();
        }
        LOG.info("stopped");
        return 0;
    }

    /** The payment gateway simulator alone (dev keys under {@code <dataDir>/paysim}), until SIGTERM or SIGINT. */
    private static int paysim(AppConfig config) {
        if (!config.dev()) {
            throw new ConfigException("the payment simulator runs only in the dev profile");
        }
        Vertx vertx = Vertx.vertx();
        AppConfig.Simulator sim = config.payment().simulator();
        try {
            vertx.deployVerticle(new PaySimulator(SimulatorKeys.ensure(config.dataDir()), sim.port(), sim.timeScale(),
                    Clock.systemUTC())).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("payment simulator: " + e.getMessage(), e);
        }
        LOG.info("payment gateway simulator ready at http://127.0.0.1:{}/ (keys under {}/paysim)", sim.port(), config.dataDir());
        awaitSignal();
        vertx.close().await();
        return 0;
    }

    private static void awaitSignal() {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        await(stop);
    }

    private static void await(CountDownLatch stop) {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
