package cn.zikao.payment;

import cn.zikao.enrollment.GatewayCheck.Verdict;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the gateway before a PAYING order is given up: paid → recorded as if notified (PAID); not paid → closed
 * at the gateway first, so that it can no longer be paid, and only then void; the payer still entering a
 * password → wait. An unreachable gateway means wait too: an order is never voided on a guess.
 */
final class GatewayReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayReconciler.class);
    static final String ORDER_STATUS = "SELECT status FROM exam_order WHERE out_trade_no = $1";

    private final PaymentGateway gateway;
    private final PaymentLedger ledger;
    private final Pool pg;

    GatewayReconciler(PaymentGateway gateway, PaymentLedger ledger, Pool pg) {
        this.gateway = gateway;
        this.ledger = ledger;
        this.pg = pg;
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
        return pg.preparedQuery(ORDER_STATUS).execute(Tuple.of(outTradeNo)).map(rows ->
                rows.size() > 0 && "PAID".equals(rows.iterator().next().getString("status")) ? Verdict.PAID : Verdict.NOT_PAID);
    }
}
