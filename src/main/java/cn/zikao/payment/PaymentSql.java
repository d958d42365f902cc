package cn.zikao.payment;

/** The SQL of the tables this module owns: {@code payment} and {@code payment_notification}. */
final class PaymentSql {
    static final String PAYMENT_OF = """
            SELECT status FROM payment WHERE provider = $1 AND transaction_id = $2""";
    static final String INSERT_PAYMENT = """
            INSERT INTO payment (provider, transaction_id, order_id, out_trade_no, amount_fen, success_time, status, source, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
    static final String INSERT_PAYMENT_AND_NOTIFICATION = """
            WITH p AS (
              INSERT INTO payment (provider, transaction_id, order_id, out_trade_no, amount_fen, success_time, status, source, created_at)
              VALUES ($1, $2, $3, $4, $5, $6, $7, 'NOTIFICATION', $8) RETURNING 1
            )
            INSERT INTO payment_notification (id, provider, event_type, out_trade_no, transaction_id, trade_state, amount_fen, outcome, received_at)
            SELECT $9, $1, $10, $4, $2, 'SUCCESS', $5, $11, $8 FROM p ON CONFLICT (id) DO NOTHING""";
    static final String INSERT_NOTIFICATION = """
            INSERT INTO payment_notification (id, provider, event_type, out_trade_no, transaction_id, trade_state, amount_fen, outcome, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING""";
    static final String APPLIED_TO_ORDER = """
            SELECT count(*) AS applied FROM payment WHERE order_id = $1 AND status = 'APPLIED'""";
    /** A copy arriving after a late retake that an earlier copy had found impossible: the payment belongs to the order after all. */
    static final String PROMOTE_TO_APPLIED = """
            UPDATE payment p SET status = 'APPLIED'
             WHERE p.provider = $1 AND p.transaction_id = $2 AND p.status = 'REFUND_DUE'
               AND EXISTS (SELECT 1 FROM exam_order o WHERE o.id = p.order_id AND o.status = 'PAID' AND o.total_fen = p.amount_fen)
               AND NOT EXISTS (SELECT 1 FROM payment q WHERE q.order_id = p.order_id AND q.status = 'APPLIED')""";

    static final String ATTENTION = """
            SELECT count(*) FILTER (WHERE status = 'REFUND_DUE') AS refund_due,
                   count(*) FILTER (WHERE status = 'AMOUNT_MISMATCH') AS amount_mismatch
              FROM payment WHERE status <> 'APPLIED'""";

    private PaymentSql() {}
}
