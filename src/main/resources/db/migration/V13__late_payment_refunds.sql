-- Late payments for voided orders: what part of a payment is due back to the candidate, and why; the
-- registration fee charged once per candidate and sitting.

-- Module payment: a REFUND_DUE payment is due back whole; an APPLIED one may be due back in part (a registration
-- fee that another paid order of the sitting carries already).
ALTER TABLE payment
    ADD COLUMN refund_due_fen integer NOT NULL DEFAULT 0 CHECK (refund_due_fen >= 0),
    ADD COLUMN refund_reason  text;

UPDATE payment p
   SET refund_due_fen = greatest(p.amount_fen, 0),
       refund_reason = coalesce((SELECT CASE WHEN o.status = 'PAID' THEN 'ORDER_PAID' ELSE 'SEATS_GONE' END
                                   FROM exam_order o WHERE o.id = p.order_id), 'ORDER_UNKNOWN')
 WHERE p.status = 'REFUND_DUE';

ALTER TABLE payment
    ADD CONSTRAINT payment_refund_reason CHECK (status <> 'REFUND_DUE' OR refund_reason IS NOT NULL),
    ADD CONSTRAINT payment_refund_part CHECK (refund_due_fen = 0 OR refund_reason IS NOT NULL);

-- Module enrollment: a paid order whose registration fee another paid order of the sitting carries already.
ALTER TABLE exam_order ADD COLUMN fee_refund_due boolean NOT NULL DEFAULT false;

-- Orders paid twice for the fee before this version: every one but the first paid is flagged, and its payment.
UPDATE exam_order x SET fee_refund_due = true
 WHERE x.status = 'PAID' AND x.has_registration_fee
   AND EXISTS (SELECT 1 FROM exam_order y
                WHERE y.candidate_id = x.candidate_id AND y.sitting_code = x.sitting_code AND y.status = 'PAID'
                  AND y.has_registration_fee AND (y.paid_at, y.id) < (x.paid_at, x.id));

UPDATE payment p
   SET refund_due_fen = (SELECT coalesce(sum(l.amount_fen), 0) FROM order_line l
                          WHERE l.order_id = p.order_id AND l.kind = 'REGISTRATION_FEE'),
       refund_reason = 'REGISTRATION_FEE_PAID'
  FROM exam_order o
 WHERE o.id = p.order_id AND o.fee_refund_due AND p.status = 'APPLIED';

ALTER TABLE exam_order ADD CONSTRAINT exam_order_fee_refund_due
    CHECK (NOT fee_refund_due OR (status = 'PAID' AND has_registration_fee));

-- The registration fee is kept by one paid order per candidate and sitting: two payments of two orders racing
-- each other cannot both miss the other (the second fails, is retried and flags its fee).
CREATE UNIQUE INDEX exam_order_fee_once ON exam_order (candidate_id, sitting_code)
    WHERE status = 'PAID' AND has_registration_fee AND NOT fee_refund_due;
-- Payments with money due back, whole or in part, for the operator's list and the attention gauge.
CREATE INDEX payment_refund_due ON payment (created_at) WHERE refund_due_fen > 0;
