package cn.zikao.payment;

/** The SQL of the tables this module owns: {@code payment} and {@code payment_notification}. */
final class PaymentSql {
    static final String PAYMENT_OF = """
            SELECT status FROM payment WHERE provider = $1 AND transaction_id = $2""";
    /** $10, $11: the part due back to the candidate and why (0 and null when none). */
    static final String INSERT_PAYMENT = """
            INSERT INTO payment (provider, transaction_id, order_id, out_trade_no, amount_fen, success_time, status, source, created_at,
                                 refund_due_fen, refund_reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""";
    /** $12, $13: as {@link #INSERT_PAYMENT}'s $10, $11. */
    static final String INSERT_PAYMENT_AND_NOTIFICATION = """
            WITH p AS (
              INSERT INTO payment (provider, transaction_id, order_id, out_trade_no, amount_fen, success_time, status, source, created_at,
                                   refund_due_fen, refund_reason)
              VALUES ($1, $2, $3, $4, $5, $6, $7, 'NOTIFICATION', $8, $12, $13) RETURNING 1
            )
            INSERT INTO payment_notification (id, provider, event_type, out_trade_no, transaction_id, trade_state, amount_fen, outcome, received_at)
            SELECT $9, $1, $10, $4, $2, 'SUCCESS', $5, $11, $8 FROM p ON CONFLICT (id) DO NOTHING""";
    static final String INSERT_NOTIFICATION = """
            INSERT INTO payment_notification (id, provider, event_type, out_trade_no, transaction_id, trade_state, amount_fen, outcome, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING""";
    static final String APPLIED_TO_ORDER = """
            SELECT count(*) AS applied FROM payment WHERE order_id = $1 AND status = 'APPLIED'""";

    /** Money due back counts whole REFUND_DUE payments and applied ones due back in part. */
    static final String ATTENTION = """
            SELECT (SELECT count(*) FROM payment WHERE refund_due_fen > 0 OR status = 'REFUND_DUE') AS refund_due,
                   (SELECT count(*) FROM payment WHERE status = 'AMOUNT_MISMATCH') AS amount_mismatch""";

    private PaymentSql() {}
}
