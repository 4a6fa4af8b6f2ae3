-- The dashboard lists the newest signatures waiting for confirmation (store::Store::waiting):
-- by age within the petition, so that the list reads its 50 rows off the index instead of
-- sorting every unconfirmed signature of a large petition. It counts them as before.
DROP INDEX signatures_waiting;
CREATE INDEX signatures_waiting ON signatures (petition, signed_at) WHERE confirmed_at IS NULL;
