package cn.zikao;

import cn.zikao.auth.AuthModule;
import cn.zikao.candidate.CandidateModule;
import cn.zikao.enrollment.Check;
import cn.zikao.enrollment.EnrollmentModule;
import cn.zikao.identity.IdentityModule;
import cn.zikao.payment.PaymentCheck;
import cn.zikao.payment.PaymentModule;
import cn.zikao.paysim.PaySimModule;
import cn.zikao.plan.PlanModule;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigException;
import cn.zikao.platform.ConfigLoader;
import cn.zikao.platform.EmbeddedServers;
import cn.zikao.platform.PiiCipher;
import cn.zikao.platform.PiiRotation;
import cn.zikao.platform.Platform;
import cn.zikao.platform.Postgres;
import cn.zikao.platform.Times;
import cn.zikao.sms.SmsModule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar zikao.jar [command]}: with no command it serves; the operator commands are {@code check},
 * {@code rebuild-redis}, {@code import-roster FILE.csv}, {@code assign-rooms SITTING [--seed N]},
 * {@code rotate-pii-key [--batch N]} and {@code paysim}.
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
                case "check" -> check(config);
                case "rebuild-redis" -> rebuildRedis(config);
                case "import-roster" -> importRoster(config, rest);
                case "assign-rooms" -> assignRooms(config, rest);
                case "paysim" -> PaySimModule.serveAlone(config);
                case "seed-candidates" -> CandidateModule.seed(config, rest);
                case "rotate-pii-key" -> rotatePiiKey(config, rest, System.out);
                default -> {
                    System.err.println("unknown command '" + command + "'; commands: serve, check, rebuild-redis, import-roster FILE.csv, assign-rooms SITTING [--seed N], rotate-pii-key [--batch N], paysim, seed-candidates");
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
        if (config.dev()) {
            announceDev(config);
        }
        LOG.info("Zikao ({} profile) ready at http://{}:{}/ in {} ms", config.profile(),
                loopback(config.http().host()) ? "localhost" : config.http().host(), config.http().port(),
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

    /** Says what the dev profile opens, so that nobody runs it where others can reach it without knowing. */
    private static void announceDev(AppConfig config) {
        AppConfig.Simulator sim = config.payment().simulator();
        LOG.warn("dev profile: GET /dev/sms answers any phone's SMS codes and GET /dev/captchas/<id> any captcha's answer;"
                        + " {}; secrets not given in the environment are the ones under {} (never for real data);"
                        + " listening on {}:{}{}", sim.enabled()
                        ? "the payment simulator marks any order paid at " + sim.host() + ":" + sim.port() : "no payment simulator",
                Path.of(config.dataDir()).resolve("dev-secrets.properties").toAbsolutePath(), config.http().host(),
                config.http().port(), loopback(config.http().host()) ? " (this machine only)"
                        : ": every address that reaches this machine can read them; ZIKAO_PROFILE=prod for a real service");
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** {@code import-roster FILE.csv}: see {@link CandidateModule#importRoster}; the dev profile may use the embedded PostgreSQL. */
    private static int importRoster(AppConfig config, String[] args) {
        if (args.length != 1) {
            System.err.println("usage: import-roster FILE.csv");
            return 2;
        }
        return withDatabase(config, db -> {
            try {
                return CandidateModule.importRoster(new PiiCipher(config.pii()), Path.of(args[0]), db, LocalDate.now(Times.CHINA));
            } catch (IOException e) {
                System.err.println("zikao: cannot read " + args[0] + ": " + e.getMessage());
                return 1;
            }
        }, e -> "import failed, nothing imported: " + e.getSQLState());
    }

    /** A JDBC command on the migrated database: ZIKAO_PG_URI's, or in the dev profile the embedded one when it is unset. */
    private static int withDatabase(AppConfig config, SqlCommand command, java.util.function.Function<SQLException, String> failed) {
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
            return command.run(db);
        } catch (SQLException e) {
            System.err.println("zikao: " + failed.apply(e));
            return 1;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private interface SqlCommand {
        int run(Connection db) throws SQLException;
    }

    /**
     * {@code rotate-pii-key [--batch N]}: every ID number, phone, outbox message and image re-encrypted under the
     * current key ({@code ZIKAO_PII_KEY_ID}), {@code N} rows (default 500) per transaction, while the service serves;
     * counts per table. 0 when nothing is left under another key (the old key can then be removed from
     * {@code ZIKAO_PII_KEYS}), 1 otherwise: rows no configured key opens, or rows an instance still on the old
     * key wrote meanwhile (run it again once every instance encrypts with the new key).
     */
    static int rotatePiiKey(AppConfig config, String[] args, PrintStream out) {
        boolean batched = args.length == 2 && args[0].equals("--batch") && args[1].matches("[1-9][0-9]{0,5}");
        if (args.length != 0 && !batched) {
            System.err.println("usage: rotate-pii-key [--batch N]");
            return 2;
        }
        PiiCipher pii = new PiiCipher(config.pii());
        List<PiiRotation.Table> tables = new ArrayList<>(CandidateModule.sealedTables());
        tables.addAll(SmsModule.sealedTables());
        return withDatabase(config, db -> {
            List<PiiRotation.Count> counts = new PiiRotation(pii, batched ? Integer.parseInt(args[1]) : 500, out).run(db, tables);
            long left = counts.stream().mapToLong(PiiRotation.Count::remaining).sum();
            out.println("rotate-pii-key: " + counts.stream().mapToInt(PiiRotation.Count::reencrypted).sum()
                    + " row(s) re-encrypted under key " + pii.keyId() + ", " + left + " left under another key");
            return left == 0 ? 0 : 1;
        }, e -> "rotate-pii-key stopped (" + e.getSQLState() + "); what it committed stays, run it again");
    }

    /**
     * {@code check}: prints every violation and a summary, then the payments waiting for an operator (REFUND_DUE,
     * AMOUNT_MISMATCH); 1 if there is any violation, else 0. The invariants are numbered as in the README.
     */
    private static int check(AppConfig config) {
        return withStores(config, (enrollment, payment) -> {
            Check.Report orders = enrollment.check();
            PaymentCheck.Report payments = payment.check().await(120, TimeUnit.SECONDS);
            orders.violations().forEach(System.out::println);
            payments.violations().forEach(System.out::println);
            System.out.println(orders.summary() + (payments.violations().isEmpty()
                    ? "; invariant 5 holds" : "; " + payments.violations().size() + " payment violation(s)"));
            System.out.println("payments waiting for an operator: " + payments.attention().size());
            payments.attention().forEach(System.out::println);
            return orders.ok() && payments.violations().isEmpty() ? 0 : 1;
        });
    }

    /** {@code rebuild-redis}: the Redis seat guard of every area, rebuilt from PostgreSQL. */
    private static int rebuildRedis(AppConfig config) {
        return withStores(config, (enrollment, payment) -> {
            int areas = enrollment.rebuildSeats().await(120, TimeUnit.SECONDS);
            System.out.println("rebuild-redis: " + areas + " area(s) rebuilt from PostgreSQL");
            return 0;
        });
    }

    /**
     * {@code assign-rooms SITTING [--seed N]}: 考场编排 from the plan's venues and rooms; prints the seed (to run it
     * again alike) and what was placed; 1 naming each area and slot whose rooms cannot hold its paid candidates.
     */
    private static int assignRooms(AppConfig config, String[] args) {
        boolean seeded = args.length == 3 && args[1].equals("--seed") && args[2].matches("-?[0-9]{1,18}");
        if (args.length != 1 && !seeded) {
            System.err.println("usage: assign-rooms SITTING [--seed N]");
            return 2;
        }
        long seed = seeded ? Long.parseLong(args[2]) : new SecureRandom().nextLong();
        // the payment module is built too: in the dev profile it needs the simulator's keys, as when serving
        return withStores(PaySimModule.withDevKeys(config), (enrollment, payment) -> {
            EnrollmentModule.RoomsReport r = enrollment.assignRooms(args[0], seed).await(120, TimeUnit.SECONDS);
            r.shortages().forEach(s -> System.err.println("assign-rooms: " + s));
            System.out.println("assign-rooms " + args[0] + " --seed " + seed + ": " + r.placed() + " seat(s) given");
            return r.shortages().isEmpty() ? 0 : 1;
        });
    }

    private interface StoreCommand {
        int run(EnrollmentModule enrollment, PaymentModule payment) throws Exception;
    }

    /** Runs an operator command on the configured stores (no HTTP, no background work) from this plain thread. */
    private static int withStores(AppConfig config, StoreCommand command) {
        if (config.postgres().uri().isBlank() || config.redis().uri().isBlank()) {
            throw new ConfigException("this command needs ZIKAO_PG_URI and ZIKAO_REDIS_URI");
        }
        // the dev profile's gateway keys, as the service fills them at start-up: the payment module loads them
        Platform platform = Platform.open(PaySimModule.withDevKeys(config), Clock.systemUTC());
        try {
            PlanModule plan = new PlanModule(platform, PlanModule.read(config));
            IdentityModule identity = new IdentityModule(platform);
            SmsModule sms = new SmsModule(platform, identity);
            AuthModule auth = new AuthModule(platform, identity, sms);
            EnrollmentModule enrollment = new EnrollmentModule(platform, plan, new CandidateModule(platform, plan, identity, sms, auth));
            return command.run(enrollment, new PaymentModule(platform, enrollment));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the stores did not answer in 120 s", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            platform.close();
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
