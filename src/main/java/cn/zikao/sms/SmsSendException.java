package cn.zikao.sms;

/** A send that failed. Retryable only when the provider surely did not take the message (no blind retry). */
final class SmsSendException extends RuntimeException {
    private final boolean retryable;

    public SmsSendException(String reason, boolean retryable) {
        super(reason, null, false, false);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
