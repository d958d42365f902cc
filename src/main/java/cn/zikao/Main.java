package cn.zikao;

import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigException;
import cn.zikao.platform.ConfigLoader;
import cn.zikao.platform.EmbeddedServers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
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
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
