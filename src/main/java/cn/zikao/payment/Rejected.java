package cn.zikao.payment;

/** A gateway message that fails verification (signature, serial, timestamp, decryption, merchant): nothing changes. */
public final class Rejected extends RuntimeException {
    private final int status;

    public Rejected(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public Rejected(String message) {
        this(400, message);
    }

    public int status() {
        return status;
    }
}
