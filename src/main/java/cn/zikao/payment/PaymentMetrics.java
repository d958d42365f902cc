package cn.zikao.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Payment counters for /metrics: callbacks by outcome, payments recorded by status, and the payments that
 * need an operator now (REFUND_DUE, AMOUNT_MISMATCH), as PostgreSQL last counted them.
 */
final class PaymentMetrics {
    private final MeterRegistry registry;
    private final AtomicLong refundDue = new AtomicLong();
    private final AtomicLong amountMismatch = new AtomicLong();

    PaymentMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("zikao.payments.attention", refundDue, AtomicLong::get).tag("status", "REFUND_DUE")
                .description("payments waiting for an operator").register(registry);
        Gauge.builder("zikao.payments.attention", amountMismatch, AtomicLong::get).tag("status", "AMOUNT_MISMATCH")
                .description("payments waiting for an operator").register(registry);
    }

    void callback(String outcome) {
        Counter.builder("zikao.payment.callbacks").tag("outcome", outcome).description("gateway notifications by outcome")
                .register(registry).increment();
    }

    void payment(String status) {
        Counter.builder("zikao.payments.recorded").tag("status", status).description("payments recorded by status")
                .register(registry).increment();
    }

    void attention(long refundDueNow, long amountMismatchNow) {
        refundDue.set(refundDueNow);
        amountMismatch.set(amountMismatchNow);
    }
}
