-- The signature a queued mail is about: the mail (with its address and links in clear) is
-- erased with the signature, on withdrawal and on the purge of unconfirmed signatures.
ALTER TABLE outbox ADD COLUMN signature_id TEXT;
CREATE INDEX outbox_by_signature ON outbox (signature_id);
