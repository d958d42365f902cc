package cn.zikao.paysim;

import cn.zikao.platform.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /sim/notifications/{outTradeNo}?variant=fresh|stale|forged|wrong-amount} (simulator only, dev): answers
 * {@code {"headers":{...},"body":"..."}}, a payment notification for the order signed at this moment, for a load test
 * to post to the merchant itself (replays, floods). {@code fresh} pays the order here as {@code /sim/pay} with
 * {@code drop=true} would, and is what the gateway would send; {@code stale} is signed 10 minutes ago; {@code forged}
 * carries a valid signature of another body; {@code wrong-amount} is a signed payment of one fen less under a
 * transaction id of its own.
 */
final class NotificationSamples {
    static final long STALE_SECONDS = 600;

    private final Notifications notifications;
    private final Map<String, SimOrder> orders;
    private final Clock clock;

    NotificationSamples(Notifications notifications, Map<String, SimOrder> orders, Clock clock) {
        this.notifications = notifications;
        this.orders = orders;
        this.clock = clock;
    }

    void answer(RoutingContext ctx) {
        SimOrder o = orders.get(ctx.pathParam("no"));
        String variant = ctx.queryParams().get("variant") == null ? "fresh" : ctx.queryParams().get("variant");
        if (o == null) {
            SimReplies.plain(ctx, 404, SimReplies.error("ORDER_NOT_EXIST", "订单不存在"));
            return;
        }
        Instant now = clock.instant();
        JsonObject transaction;
        switch (variant) {
            case "fresh", "stale", "forged" -> {
                if (!"SUCCESS".equals(o.state) && !pay(o, now)) {
                    SimReplies.plain(ctx, 409, SimReplies.error("ORDER_CLOSED", "订单已关闭或已过期"));
                    return;
                }
                transaction = o.transaction();
            }
            case "wrong-amount" -> transaction = o.transaction().put("trade_state", "SUCCESS").put("trade_state_desc", "支付成功")
                    .put("transaction_id", transactionId()).put("success_time", Times.iso(now))
                    .put("amount", new JsonObject().put("total", o.totalFen - 1).put("payer_total", o.totalFen - 1)
                            .put("currency", "CNY").put("payer_currency", "CNY"));
            default -> {
                SimReplies.plain(ctx, 400, SimReplies.error("PARAM_ERROR", "variant: fresh, stale, forged or wrong-amount"));
                return;
            }
        }
        String body = notifications.envelope(transaction, now).encode();
        long signedAt = "stale".equals(variant) ? now.getEpochSecond() - STALE_SECONDS : now.getEpochSecond();
        JsonObject headers = new JsonObject();
        notifications.headers("forged".equals(variant) ? body + " " : body, signedAt).forEach(headers::put);
        SimReplies.plain(ctx, 200, new JsonObject().put("headers", headers).put("body", body));
    }

    /** Pays a NOTPAY order unless it is closed or expired, like {@code /sim/pay}; false when it cannot be paid. */
    private static boolean pay(SimOrder o, Instant now) {
        if ("CLOSED".equals(o.state) || o.expiresAt != null && !now.isBefore(o.expiresAt)) {
            return false;
        }
        o.state = "SUCCESS";
        o.transactionId = transactionId();
        o.successTime = now;
        o.paidFen = o.totalFen;
        return true;
    }

    private static String transactionId() {
        return "42000" + System.currentTimeMillis() + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    }
}
