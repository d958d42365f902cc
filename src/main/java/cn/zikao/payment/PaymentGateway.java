package cn.zikao.payment;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * A payment provider as order logic sees it: open a QR-code payment, ask how it stands, close it. WeChat Pay
 * is the first; another provider (China Construction Bank) is one more implementation. Failures to reach the
 * provider fail with {@link GatewayUnavailable}.
 */
interface PaymentGateway {
    /** The provider name stored with orders and payments, e.g. {@code wechat}. */
    String provider();

    /** Opens a payment and answers the code URL the candidate scans. Asking again for the same order is safe. */
    Future<String> create(Charge charge);

    Future<GatewayTrade> query(String outTradeNo);

    /** Closes an unpaid payment so that it can no longer be paid; fails with {@link AlreadyPaid} if it was. */
    Future<Void> close(String outTradeNo);

    /** What the candidate pays for: amount in 分, until {@code expiresAt}. */
    record Charge(String outTradeNo, String description, int totalFen, Instant expiresAt) {}

    final class AlreadyPaid extends RuntimeException {
        public AlreadyPaid(String outTradeNo) {
            super("payment " + outTradeNo + " is already paid", null, false, false);
        }
    }
}
