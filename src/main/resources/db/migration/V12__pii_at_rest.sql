-- Nothing in clear that rebuilds an encrypted value. The masked ID number kept eight of its eighteen digits and the
-- birth date sat beside it: with the checksum and the county code that left one candidate. Both are computed when
-- read, from the decrypted ID number (the birth date is digits 7-14 of a valid one; the roster import refuses a
-- birth date that differs), and so is the masked phone.
ALTER TABLE candidate DROP COLUMN id_number_masked, DROP COLUMN phone_masked, DROP COLUMN birth_date;
ALTER TABLE roster_entry DROP COLUMN id_number_masked, DROP COLUMN birth_date;

-- Images (an ID card shows the number) are sealed with the personal-data key named here. NULL: an image stored
-- before images were encrypted, read as it is until `rotate-pii-key` seals it.
ALTER TABLE candidate_image ADD COLUMN pii_key_id text;
