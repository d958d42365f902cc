-- Candidates 900001..900064 of the order benchmark (area 0100, major 030301), notice acknowledged.
INSERT INTO candidate (id, name, id_number_enc, id_number_hmac, id_number_masked, pii_key_id, source,
                       sitting_code, area_code, major_code)
OVERRIDING SYSTEM VALUE
SELECT n, '压测考生', convert_to('bench' || n, 'UTF8'), convert_to('bench' || n, 'UTF8'), '5401**********0000', 'k1',
       'REGISTERED', '271', '0100', '030301'
  FROM generate_series(900001, 900000 + :users) AS n
ON CONFLICT DO NOTHING;
INSERT INTO notice_ack (candidate_id, sitting_code)
SELECT n, '271' FROM generate_series(900001, 900000 + :users) AS n ON CONFLICT DO NOTHING;
