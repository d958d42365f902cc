-- One order create + cancel as the service runs it (OrderSql.PLACE, OrderSql.VOID), literal values; one candidate and seat per client.
\set c 900001 + :client_id
\set seat 1 + :client_id
WITH enrolled AS (SELECT 1 FROM candidate c WHERE c.id = :c AND c.sitting_code = '271' AND c.area_code = '0100' AND c.major_code = '030301' AND EXISTS (SELECT 1 FROM notice_ack n WHERE n.candidate_id = c.id AND n.sitting_code = '271')),
fee AS (SELECT NOT EXISTS (SELECT 1 FROM exam_order WHERE candidate_id = :c AND sitting_code = '271' AND status = 'PAID' AND has_registration_fee) AS due),
o AS (INSERT INTO exam_order (id, out_trade_no, candidate_id, sitting_code, area_code, status, total_fen, has_registration_fee, created_at, expires_at)
  SELECT gen_random_uuid(), 'ZK' || substr(md5(random()::text), 1, 20), :c, '271', '0100', 'UNPAID', 3600 + CASE WHEN fee.due THEN 4000 ELSE 0 END, fee.due, now(), now() + interval '30 min' FROM fee, enrolled
  RETURNING id, has_registration_fee, total_fen),
sel AS (SELECT * FROM unnest(ARRAY[1]::int[], ARRAY['03706']::text[], ARRAY[:seat]::int[], ARRAY[3600]::int[]) WITH ORDINALITY AS s(slot_no, course_code, seat_no, fee_fen, n)),
lines AS (INSERT INTO order_line (order_id, line_no, kind, course_code, slot_no, amount_fen)
  SELECT o.id, 1, 'REGISTRATION_FEE', NULL, NULL, 4000 FROM o WHERE o.has_registration_fee UNION ALL SELECT o.id, 1 + sel.n, 'COURSE', sel.course_code, sel.slot_no, sel.fee_fen FROM o, sel),
seats AS (INSERT INTO enrollment (order_id, candidate_id, sitting_code, area_code, slot_no, course_code, seat_no, status, created_at)
  SELECT o.id, :c, '271', '0100', sel.slot_no, sel.course_code, sel.seat_no, 'HELD', now() FROM o, sel)
SELECT has_registration_fee, total_fen FROM o;
WITH o AS (UPDATE exam_order SET status = 'VOID', voided_at = now(), void_reason = 'CANCELLED' WHERE candidate_id = :c AND status = 'UNPAID' RETURNING id),
e AS (UPDATE enrollment SET status = 'RELEASED' FROM o WHERE enrollment.order_id = o.id AND enrollment.status = 'HELD' RETURNING 1)
SELECT count(*) FROM o;
