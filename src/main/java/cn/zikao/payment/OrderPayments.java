package cn.zikao.payment;

import cn.zikao.enrollment.OrderLedger;
import cn.zikao.platform.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * UNPAID → PAYING. The gateway is asked first and the order moves only once it has a code URL, by a
 * conditional update; so a gateway outage leaves the order UNPAID, never PAYING without a code. Asking again
 * answers the code URL the order already has.
 */
final class OrderPayments {
    private static final String DESCRIPTION = "高等教育自学考试报名费";

    /** A payment the candidate can scan. */
    record Started(String codeUrl, Instant expiresAt) {}

    private final OrderLedger orders;
    private final Clock clock;

    OrderPayments(OrderLedger orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    Future<Started> start(long candidateId, UUID orderId, PaymentGateway gateway) {
        return orders.own(candidateId, orderId).compose(order -> {
            Instant expiresAt = order.expiresAt();
            switch (order.status()) {
                case "PAYING":
                    return Future.succeededFuture(new Started(order.codeUrl(), expiresAt));
                case "UNPAID":
                    if (!clock.instant().isBefore(expiresAt)) {
                        return Future.failedFuture(notPayable());
                    }
                    break;
                default:
                    return Future.failedFuture(notPayable());
            }
            var charge = new PaymentGateway.Charge(order.outTradeNo(), DESCRIPTION, order.totalFen(), expiresAt);
            return gateway.create(charge)
                    .recover(e -> Future.failedFuture(e instanceof GatewayUnavailable ? Problem.unavailable() : e))
                    .compose(codeUrl -> orders.markPaying(orderId, gateway.provider(), codeUrl)
                            .compose(moved -> moved ? Future.succeededFuture(new Started(codeUrl, expiresAt))
                                    : orders.own(candidateId, orderId).compose(now -> "PAYING".equals(now.status())
                                            ? Future.succeededFuture(new Started(now.codeUrl(), expiresAt))
                                            : Future.failedFuture(notPayable()))));
        });
    }

    private static Problem notPayable() {
        return Problem.conflict("ORDER_NOT_PAYABLE", "problem.order-not-payable.title", "problem.order-not-payable.detail");
    }
}
