package cn.zikao;

import cn.zikao.candidate.RosterImport;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigException;
import cn.zikao.platform.ConfigLoader;
import cn.zikao.platform.EmbeddedServers;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.Postgres;
import cn.zikao.platform.Times;
import cn.zikao.paysim.PaySimulator;
import cn.zikao.paysim.SimulatorKeys;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
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
                case "import-roster" -> importRoster(config, rest);
                case "paysim" -> paysim(config);
                case "seed-candidates" -> cn.zikao.candidate.SeedCandidates.run(config, rest);
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
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopping: finishing in-flight requests");
        app.close();
        if (embedded != null) {
            embedded.close();
        }
        LOG.info("stopped");
        return 0;
    }

    /** {@code import-roster FILE.csv}: see {@link RosterImport}; the dev profile may use the embedded PostgreSQL. */
    private static int importRoster(AppConfig config, String[] args) {
        if (args.length != 1) {
            System.err.println("usage: import-roster FILE.csv");
            return 2;
        }
        EmbeddedServers embedded = null;
        String uri = config.postgres().uri();
        if (uri.isBlank()) {
            if (!config.dev()) {
                throw new ConfigException("prod profile needs ZIKAO_PG_URI");
            }
            embedded = EmbeddedServers.start(Path.of(config.dataDir()), true, false);
            uri = embedded.pgUri();
        }
        try (Connection db = Postgres.jdbc(uri)) {
            Postgres.migrate(uri);
            return new RosterImport(new PiiCipher(config.pii()), System.out, System.err)
                    .run(Path.of(args[0]), db, LocalDate.now(Times.CHINA));
        } catch (IOException e) {
            System.err.println("zikao: cannot read " + args[0] + ": " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            System.err.println("zikao: import failed, nothing imported: " + e.getSQLState());
            return 1;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** The payment gateway simulator alone (dev keys under {@code <dataDir>/paysim}), until SIGTERM or SIGINT. */
    private static int paysim(AppConfig config) {
        if (!config.dev()) {
            throw new ConfigException("the payment simulator runs only in the dev profile");
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Vertx vertx = Vertx.vertx();
        AppConfig.Simulator sim = config.payment().simulator();
        try {
            vertx.deployVerticle(new PaySimulator(SimulatorKeys.ensure(config.dataDir()), sim.port(), sim.timeScale(),
                    Clock.systemUTC())).await(30, TimeUnit.SECONDS);
            LOG.info("payment gateway simulator ready at http://127.0.0.1:{}/ (keys under {}/paysim)", sim.port(),
                    config.dataDir());
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
