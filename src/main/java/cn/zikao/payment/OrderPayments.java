package cn.zikao.payment;

import cn.zikao.enrollment.OrderLedger;
import cn.zikao.platform.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * UNPAID → PAYING. The gateway is asked first and the order moves only once it has a code URL, by a
 * conditional update; so a gateway outage leaves the order UNPAID, never PAYING without a code. Asking again
 * answers the code URL the order already has.
 */
final class OrderPayments {
    static final String OWN_ORDER = """
            SELECT out_trade_no, status, total_fen, expires_at, code_url FROM exam_order WHERE id = $1 AND candidate_id = $2""";
    private static final String DESCRIPTION = "高等教育自学考试报名费";

    /** A payment the candidate can scan. */
    record Started(String codeUrl, Instant expiresAt) {}

    private final Pool pg;
    private final OrderLedger orders;
    private final Clock clock;

    OrderPayments(Pool pg, OrderLedger orders, Clock clock) {
        this.pg = pg;
        this.orders = orders;
        this.clock = clock;
    }

    Future<Started> start(long candidateId, UUID orderId, PaymentGateway gateway) {
        return own(candidateId, orderId).compose(order -> {
            Instant expiresAt = order.getOffsetDateTime("expires_at").toInstant();
            switch (order.getString("status")) {
                case "PAYING":
                    return Future.succeededFuture(new Started(order.getString("code_url"), expiresAt));
                case "UNPAID":
                    if (!clock.instant().isBefore(expiresAt)) {
                        return Future.failedFuture(notPayable());
                    }
                    break;
                default:
                    return Future.failedFuture(notPayable());
            }
            var charge = new PaymentGateway.Charge(order.getString("out_trade_no"), DESCRIPTION,
                    order.getInteger("total_fen"), expiresAt);
            return gateway.create(charge)
                    .recover(e -> Future.failedFuture(e instanceof GatewayUnavailable ? Problem.unavailable() : e))
                    .compose(codeUrl -> orders.markPaying(pg, orderId, gateway.provider(), codeUrl)
                            .compose(moved -> moved ? Future.succeededFuture(new Started(codeUrl, expiresAt))
                                    : own(candidateId, orderId).compose(now -> "PAYING".equals(now.getString("status"))
                                            ? Future.succeededFuture(new Started(now.getString("code_url"), expiresAt))
                                            : Future.failedFuture(notPayable()))));
        });
    }

    private Future<Row> own(long candidateId, UUID orderId) {
        return pg.preparedQuery(OWN_ORDER).execute(Tuple.of(orderId, candidateId))
                .compose(rows -> rows.size() == 0 ? Future.failedFuture(Problem.notFound())
                        : Future.succeededFuture(rows.iterator().next()));
    }

    private static Problem notPayable() {
        return Problem.conflict("ORDER_NOT_PAYABLE", "订单不能缴费", "该订单已缴费或已作废，不能再缴费。");
    }
}
