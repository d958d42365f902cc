package cn.zikao.payment;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payment part of {@code zikao check}. Violations of invariant 5 fail the check; payments waiting for an
 * operator (REFUND_DUE whole or in part, with the reason; AMOUNT_MISMATCH) are listed but are not violations: that is
 * where such money belongs.
 */
public final class PaymentCheck {
    private static final Map<String, String> VIOLATIONS = new LinkedHashMap<>();
    private static final Map<String, String> ATTENTION = new LinkedHashMap<>();

    static {
        VIOLATIONS.put("invariant 5, applied payment on an order that is not PAID", """
                SELECT 'order ' || o.out_trade_no || ' is ' || o.status || ', payment ' || p.transaction_id || ' APPLIED'
                  FROM payment p JOIN exam_order o ON o.id = p.order_id
                 WHERE p.status = 'APPLIED' AND o.status <> 'PAID'""");
        VIOLATIONS.put("invariant 5, order paid by two applied payments", """
                SELECT 'order ' || o.out_trade_no || ': ' || count(*) || ' applied payments'
                  FROM payment p JOIN exam_order o ON o.id = p.order_id
                 WHERE p.status = 'APPLIED' GROUP BY o.out_trade_no HAVING count(*) > 1""");
        VIOLATIONS.put("invariant 5, PAID order with no applied payment", """
                SELECT 'order ' || o.out_trade_no || ' paid at ' || o.paid_at FROM exam_order o
                 WHERE o.status = 'PAID' AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.order_id = o.id AND p.status = 'APPLIED')""");
        VIOLATIONS.put("invariant 5, registration fee paid twice without its part due back", """
                SELECT 'order ' || o.out_trade_no || (CASE WHEN o.fee_refund_due THEN ' pays the fee twice, payment '
                       ELSE ' pays the fee once, payment ' END) || p.transaction_id || ' has ' || p.refund_due_fen || ' fen due back'
                  FROM exam_order o JOIN payment p ON p.order_id = o.id AND p.status = 'APPLIED'
                 WHERE o.fee_refund_due <> (p.refund_due_fen > 0)""");
        ATTENTION.put("REFUND_DUE", """
                SELECT 'REFUND_DUE: ' || p.provider || ' transaction ' || p.transaction_id || ', order ' || p.out_trade_no
                       || coalesce(' (' || o.status || ')', ' (unknown order)') || ', ' || p.amount_fen || ' fen, '
                       || p.refund_reason || ', recorded ' || p.created_at
                  FROM payment p LEFT JOIN exam_order o ON o.id = p.order_id
                 WHERE p.status = 'REFUND_DUE' ORDER BY p.created_at""");
        ATTENTION.put("REFUND_DUE in part", """
                SELECT 'REFUND_DUE in part: ' || p.provider || ' transaction ' || p.transaction_id || ', order ' || p.out_trade_no
                       || ' (' || o.status || '), ' || p.refund_due_fen || ' of ' || p.amount_fen || ' fen, ' || p.refund_reason
                       || ', recorded ' || p.created_at
                  FROM payment p JOIN exam_order o ON o.id = p.order_id
                 WHERE p.status = 'APPLIED' AND p.refund_due_fen > 0 ORDER BY p.created_at""");
        ATTENTION.put("AMOUNT_MISMATCH", """
                SELECT 'AMOUNT_MISMATCH: ' || p.provider || ' transaction ' || p.transaction_id || ', order ' || p.out_trade_no
                       || ' paid ' || p.amount_fen || ' fen of ' || coalesce(o.total_fen::text, '?') || ', recorded ' || p.created_at
                  FROM payment p LEFT JOIN exam_order o ON o.id = p.order_id
                 WHERE p.status = 'AMOUNT_MISMATCH' ORDER BY p.created_at""");
    }

    /** Violations and payments for an operator, one line each. */
    public record Report(List<String> violations, List<String> attention) {}

    private PaymentCheck() {}

    public static Future<Report> run(Pool pg) {
        return lines(pg, VIOLATIONS, true).compose(v -> lines(pg, ATTENTION, false).map(a -> new Report(v, a)));
    }

    private static Future<List<String>> lines(Pool pg, Map<String, String> queries, boolean prefix) {
        List<Future<List<String>>> all = new ArrayList<>();
        queries.forEach((what, sql) -> all.add(pg.query(sql).execute().map(rows -> {
            List<String> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(prefix ? what + ": " + r.getString(0) : r.getString(0));
            }
            return out;
        })));
        return Future.all(all).map(c -> {
            List<String> out = new ArrayList<>();
            all.forEach(f -> out.addAll(f.result()));
            return out;
        });
    }
}
