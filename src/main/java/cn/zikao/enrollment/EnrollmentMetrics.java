package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Business metrics for /metrics: orders placed and refused, orders by status, seats left per area-slot. */
final class EnrollmentMetrics {
    private static final List<String> STATUSES = List.of("UNPAID", "PAYING", "PAID", "VOID");

    private final MeterRegistry registry;
    private final Counter placed;
    private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> seatsLeft = new ConcurrentHashMap<>();

    EnrollmentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.placed = Counter.builder("zikao_orders_placed").description("orders created").register(registry);
        for (String s : STATUSES) {
            AtomicLong n = new AtomicLong();
            byStatus.put(s, n);
            Gauge.builder("zikao_orders", n, AtomicLong::get).tag("status", s).description("orders by status")
                    .register(registry);
        }
    }

    void placed() {
        placed.increment();
    }

    void refused(String code) {
        Counter.builder("zikao_order_refusals").tag("code", code).description("orders refused, by problem code")
                .register(registry).increment();
    }

    /** Reads orders by status from PostgreSQL and seats left from Redis into the gauges. */
    Future<Void> refresh(Pool pg, SeatLedger ledger, ExamPlan plan) {
        List<Future<?>> all = new ArrayList<>();
        all.add(pg.query(OrderSql.ORDERS_BY_STATUS).execute().onSuccess(rows -> {
            STATUSES.forEach(s -> byStatus.get(s).set(0));
            for (Row r : rows) {
                byStatus.computeIfAbsent(r.getString("status"), k -> new AtomicLong()).set(r.getLong("n"));
            }
        }));
        for (ExamPlan.Sitting s : plan.sittings()) {
            for (ExamPlan.Area a : s.areas()) {
                all.add(ledger.left(s, a.code()).onSuccess(left -> left.forEach((slot, n) -> gauge(s.code(), a.code(), slot).set(n))));
            }
        }
        return Future.join(all).mapEmpty();
    }

    private AtomicLong gauge(String sitting, String area, int slot) {
        return seatsLeft.computeIfAbsent(sitting + ":" + area + ":" + slot, k -> {
            AtomicLong n = new AtomicLong();
            Gauge.builder("zikao_seats_left", n, AtomicLong::get).tags("sitting", sitting, "area", area, "slot",
                    String.valueOf(slot)).description("free seats per sitting, area and slot").register(registry);
            return n;
        });
    }
}
