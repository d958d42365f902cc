-- PAYING orders for PaymentNotifySimulation: psql -v n=13000 -f payments-setup.sql (against the service's database).
-- One candidate and one order per notification, out_trade_no LOADPAY00000001.., total 7600 fen (one line).
WITH c AS (
  INSERT INTO candidate (name, id_number_enc, id_number_hmac, id_number_masked, pii_key_id, source, sitting_code, area_code, major_code)
  SELECT '压测考生', decode(md5('loadpay' || g), 'hex'), decode(md5('loadpay' || g), 'hex'), '5401**********0000', 'k1',
         'REGISTERED', '271', '0100', '030301'
    FROM generate_series(1, :n) g
  RETURNING id, id_number_hmac
), numbered AS (
  SELECT id, row_number() OVER (ORDER BY id) AS g FROM c
), o AS (
  INSERT INTO exam_order (id, out_trade_no, candidate_id, sitting_code, area_code, status, total_fen, has_registration_fee,
                          created_at, expires_at, provider, code_url, paying_since)
  SELECT gen_random_uuid(), 'LOADPAY' || lpad(g::text, 8, '0'), id, '271', '0100', 'PAYING', 7600, true,
         now(), now() + interval '2 hours', 'wechat', 'weixin://wxpay/bizpayurl?pr=loadtest', now()
    FROM numbered
  RETURNING id
)
INSERT INTO order_line (order_id, line_no, kind, amount_fen) SELECT id, 1, 'REGISTRATION_FEE', 7600 FROM o;
