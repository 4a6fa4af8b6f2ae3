-- A reader's wish to be reminded of a manifestation by mail, asked with a consent of its own
-- (its words kept as agreed to) and taken only once confirmed through the mailed link (double
-- opt-in); then its mail waits in the outbox until `remind_at`. One address (as
-- `Email::normalized` recognises it) asks once per event. Only the links' hashes are kept,
-- the withdrawal link's made when the wish is confirmed. Erased with its mail when withdrawn,
-- on request, or a week after the reminder went (`store/reminders.rs`).
CREATE TABLE reminders (
    id TEXT PRIMARY KEY NOT NULL,
    petition TEXT NOT NULL,
    event TEXT NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    locale TEXT NOT NULL,
    consent TEXT NOT NULL,
    asked_at INTEGER NOT NULL,
    remind_at INTEGER NOT NULL,
    confirm_token_hash TEXT NOT NULL UNIQUE,
    confirmed_at INTEGER,
    withdraw_token_hash TEXT UNIQUE,
    UNIQUE (petition, event, email_normalized)
);
CREATE INDEX reminders_by_email ON reminders (email_normalized);

-- How many asked, confirmed and withdrew, per event: the figures stay when the addresses go.
CREATE TABLE reminder_figures (
    petition TEXT NOT NULL,
    event TEXT NOT NULL,
    asked INTEGER NOT NULL DEFAULT 0,
    confirmed INTEGER NOT NULL DEFAULT 0,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (petition, event)
);

-- A reminder's mails go with it; a mail's calendar entry is sent as its attachment.
ALTER TABLE outbox ADD COLUMN reminder_id TEXT;
ALTER TABLE outbox ADD COLUMN calendar TEXT;
CREATE INDEX outbox_by_reminder ON outbox (reminder_id) WHERE reminder_id IS NOT NULL;
