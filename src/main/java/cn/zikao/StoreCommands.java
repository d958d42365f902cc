package cn.zikao;

import cn.zikao.enrollment.Check;
import cn.zikao.enrollment.SeatLedger;
import cn.zikao.payment.PaymentCheck;
import cn.zikao.plan.ExamPlan;
import cn.zikao.plan.PlanFile;
import cn.zikao.platform.AppConfig;
import cn.zikao.platform.ConfigException;
import cn.zikao.platform.Postgres;
import cn.zikao.platform.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The operator commands on the stores: {@code check} and {@code rebuild-redis}. */
final class StoreCommands {
    private StoreCommands() {}

    /**
     * Prints every violation and a summary, then the payments waiting for an operator (REFUND_DUE,
     * AMOUNT_MISMATCH); 1 if there is any violation, else 0.
     */
    static int check(AppConfig config) {
        record Both(Check.Report orders, PaymentCheck.Report payments) {}
        Both both = withStores(config, s -> {
            Check.Report orders = Check.run(s.plan, s.pg, s.redis);
            return PaymentCheck.run(s.pg).map(p -> new Both(orders, p));
        });
        both.orders().violations().forEach(System.out::println);
        both.payments().violations().forEach(System.out::println);
        System.out.println(both.orders().summary() + (both.payments().violations().isEmpty()
                ? "; invariant 5 holds" : "; " + both.payments().violations().size() + " payment violation(s)"));
        System.out.println("payments waiting for an operator: " + both.payments().attention().size());
        both.payments().attention().forEach(System.out::println);
        return both.orders().ok() && both.payments().violations().isEmpty() ? 0 : 1;
    }

    /** Rebuilds the Redis guard of every area from PostgreSQL. */
    static int rebuildRedis(AppConfig config) {
        int areas = withStores(config, s -> {
            SeatLedger ledger = new SeatLedger(s.redis, s.pg);
            List<Future<Boolean>> all = new ArrayList<>();
            for (ExamPlan.Sitting sitting : s.plan.sittings()) {
                sitting.areas().forEach(a -> all.add(ledger.rebuildNow(sitting, a)));
            }
            return Future.all(all).map(v -> all.size());
        });
        System.out.println("rebuild-redis: " + areas + " area(s) rebuilt from PostgreSQL");
        return 0;
    }

    private record Stores(ExamPlan plan, Pool pg, RedisStore redis) {}

    /** Runs {@code work} against the configured stores from this (plain) thread and waits for it. */
    private static <T> T withStores(AppConfig config, Function<Stores, Future<T>> work) {
        if (config.postgres().uri().isBlank() || config.redis().uri().isBlank()) {
            throw new ConfigException("this command needs ZIKAO_PG_URI and ZIKAO_REDIS_URI");
        }
        Vertx vertx = Vertx.vertx();
        try {
            Stores s = new Stores(PlanFile.load(Path.of(config.plan())), Postgres.pool(vertx, config.postgres()),
                    new RedisStore(vertx, config.redis()));
            return work.apply(s).await(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the stores did not answer in 120 s", e);
        } finally {
            vertx.close();
        }
    }
}
