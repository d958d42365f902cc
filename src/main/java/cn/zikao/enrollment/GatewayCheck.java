package cn.zikao.enrollment;

import io.vertx.core.Future;

/**
 * Asks the payment gateway about an expired PAYING order before it is voided. {@code PAID}: the check has
 * itself recorded the payment and marked the order ({@link OrderLedger#markPaid}); {@code NOT_PAID}: the
 * gateway closed it unpaid, so the order is voided and its seats return; {@code WAIT}: ask again later.
 */
@FunctionalInterface
public interface GatewayCheck {
    enum Verdict { PAID, NOT_PAID, WAIT }

    /** Until a gateway is wired, no order is ever PAYING, and one that were would be unpaid. */
    GatewayCheck NONE = order -> Future.succeededFuture(Verdict.NOT_PAID);

    Future<Verdict> check(OpenOrder order);
}
