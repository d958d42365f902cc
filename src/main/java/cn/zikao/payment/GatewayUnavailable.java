package cn.zikao.payment;

/** The gateway could not be reached, answered 5xx, or answered something that did not verify. */
final class GatewayUnavailable extends RuntimeException {
    public GatewayUnavailable(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
