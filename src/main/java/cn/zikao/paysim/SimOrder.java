package cn.zikao.paysim;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One order the simulated gateway holds; touched only on the simulator's event loop. */
final class SimOrder {
    final String outTradeNo;
    final String appId;
    final String mchId;
    final int totalFen;
    final String notifyUrl;
    final Instant expiresAt;
    final String codeUrl;
    String state = "NOTPAY";
    String transactionId;
    Instant successTime;
    int paidFen;
    int notifyAttempts;
    int notifyDelivered;
    int lastNotifyStatus;

    SimOrder(String outTradeNo, String appId, String mchId, int totalFen, String notifyUrl, Instant expiresAt, String codeUrl) {
        this.outTradeNo = outTradeNo;
        this.appId = appId;
        this.mchId = mchId;
        this.totalFen = totalFen;
        this.notifyUrl = notifyUrl;
        this.expiresAt = expiresAt;
        this.codeUrl = codeUrl;
    }

    /** The v3 transaction object, as a query answers it and a notification carries it encrypted. */
    JsonObject transaction() {
        JsonObject t = new JsonObject().put("appid", appId).put("mchid", mchId).put("out_trade_no", outTradeNo)
                .put("trade_type", "NATIVE").put("trade_state", state).put("trade_state_desc", describe());
        if ("SUCCESS".equals(state)) {
            t.put("transaction_id", transactionId).put("bank_type", "OTHERS").put("attach", "")
                    .put("success_time", cn.zikao.platform.Times.iso(successTime))
                    .put("payer", new JsonObject().put("openid", "oSimulatedPayer0000000000000"))
                    .put("amount", new JsonObject().put("total", paidFen).put("payer_total", paidFen)
                            .put("currency", "CNY").put("payer_currency", "CNY"));
        } else {
            t.put("amount", new JsonObject().put("total", totalFen).put("currency", "CNY"));
        }
        return t;
    }

    /** Everything it holds, for the standalone simulator's journal ({@link #fromJournal} reads it back). */
    JsonObject journal() {
        return new JsonObject().put("out_trade_no", outTradeNo).put("appid", appId).put("mchid", mchId).put("total", totalFen)
                .put("notify_url", notifyUrl).put("expires_at", expiresAt == null ? null : expiresAt.toString())
                .put("code_url", codeUrl).put("state", state).put("transaction_id", transactionId)
                .put("success_time", successTime == null ? null : successTime.toString()).put("paid", paidFen);
    }

    static SimOrder fromJournal(JsonObject j) {
        SimOrder o = new SimOrder(j.getString("out_trade_no"), j.getString("appid"), j.getString("mchid"), j.getInteger("total"),
                j.getString("notify_url"), j.getString("expires_at") == null ? null : Instant.parse(j.getString("expires_at")),
                j.getString("code_url"));
        o.state = j.getString("state");
        o.transactionId = j.getString("transaction_id");
        o.successTime = j.getString("success_time") == null ? null : Instant.parse(j.getString("success_time"));
        o.paidFen = j.getInteger("paid", 0);
        return o;
    }

    JsonObject view() {
        return transaction().put("code_url", codeUrl).put("notify_attempts", notifyAttempts)
                .put("notify_delivered", notifyDelivered).put("last_notify_status", lastNotifyStatus);
    }

    private String describe() {
        return switch (state) {
            case "SUCCESS" -> "支付成功";
            case "CLOSED" -> "已关闭";
            default -> "订单未支付";
        };
    }
}
