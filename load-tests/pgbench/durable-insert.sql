-- The ceiling: one durable one-row insert (the baseline server does the same).
INSERT INTO baseline_insert (payload) VALUES ('order');
