-- When the organiser hid a signer from the public list (abuse, a wrong name); hidden for good.
ALTER TABLE signatures ADD COLUMN hidden_at INTEGER;
-- The public list: confirmed signers who allowed their name to be shown, newest first.
CREATE INDEX signatures_public ON signatures (petition, confirmed_at)
    WHERE public AND confirmed_at IS NOT NULL AND hidden_at IS NULL;
