package cn.zikao.payment;

import cn.zikao.enrollment.OrderLedger;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the gateway before a PAYING order is given up: paid → recorded as if notified (PAID); not paid → closed
 * at the gateway first, so that it can no longer be paid, and only then void; the payer still entering a
 * password → wait. An unreachable gateway means wait too: an order is never voided on a guess.
 */
final class GatewayReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayReconciler.class);

    /** PAID: recorded and applied; NOT_PAID: closed at the gateway, may be voided; WAIT: ask again later. */
    enum Verdict { PAID, NOT_PAID, WAIT }

    private final PaymentGateway gateway;
    private final PaymentLedger ledger;
    private final OrderLedger orders;

    GatewayReconciler(PaymentGateway gateway, PaymentLedger ledger, OrderLedger orders) {
        this.gateway = gateway;
        this.ledger = ledger;
        this.orders = orders;
    }

    Future<Verdict> verdict(String outTradeNo) {
        return decide(outTradeNo, true).otherwise(e -> {
            LOG.warn("order {} stays PAYING: the gateway could not be asked ({})", outTradeNo, e.toString());
            return Verdict.WAIT;
        });
    }

    private Future<Verdict> decide(String outTradeNo, boolean closeIfUnpaid) {
        return gateway.query(outTradeNo).compose(trade -> switch (trade.state()) {
            case SUCCESS, REFUND -> ledger.queried(gateway.provider(), trade).compose(o -> paidInOrder(outTradeNo));
            case USERPAYING -> Future.succeededFuture(Verdict.WAIT);
            case NOT_FOUND, CLOSED, REVOKED -> Future.succeededFuture(Verdict.NOT_PAID);
            case NOTPAY, PAYERROR -> !closeIfUnpaid ? Future.succeededFuture(Verdict.WAIT)
                    : gateway.close(outTradeNo).map(Verdict.NOT_PAID)
                            .recover(e -> e instanceof PaymentGateway.AlreadyPaid ? decide(outTradeNo, false)
                                    : Future.failedFuture(e));
        });
    }

    /** PAID only if the payment was applied to the order; a mismatched amount leaves the order to be voided. */
    private Future<Verdict> paidInOrder(String outTradeNo) {
        return orders.statusOf(outTradeNo).map(status -> "PAID".equals(status) ? Verdict.PAID : Verdict.NOT_PAID);
    }
}
