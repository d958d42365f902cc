package cn.zikao.payment;

import java.time.Instant;

/** A payment as the gateway reports it (a query answer or a decrypted notification). */
record GatewayTrade(String outTradeNo, TradeState state, String transactionId, Integer amountFen,
                           Instant successTime, String mchId) {

    /** WeChat Pay's trade states, plus NOT_FOUND when the gateway does not know the order. */
    public enum TradeState { SUCCESS, REFUND, NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR, NOT_FOUND;

        static TradeState of(String s) {
            try {
                return s == null ? PAYERROR : valueOf(s);
            } catch (IllegalArgumentException e) {
                return PAYERROR;
            }
        }
    }
}
