-- A letter's HTML, written with its text (mail/letter.rs); NULL for mail queued before,
-- which the sender turns into HTML from its text.
ALTER TABLE outbox ADD COLUMN html TEXT;
