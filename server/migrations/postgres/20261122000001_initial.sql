-- Every signing request's id, kept so that a retried POST changes nothing.
CREATE TABLE signature_requests (
    id TEXT PRIMARY KEY NOT NULL,
    received_at BIGINT NOT NULL
);

CREATE TABLE signatures (
    id TEXT PRIMARY KEY NOT NULL,
    petition TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    postal_code TEXT,
    comment TEXT,
    public BOOLEAN NOT NULL,
    locale TEXT NOT NULL,
    -- JSON array of {id, text, given}: each consent with the exact text the signer saw.
    consents TEXT NOT NULL,
    source_url TEXT NOT NULL,
    source_referrer TEXT,
    signed_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    -- SHA-256 of the single-use link tokens; the tokens themselves exist only in the e-mail.
    confirm_token_hash TEXT UNIQUE,
    withdraw_token_hash TEXT NOT NULL UNIQUE,
    -- When a repeated signing last sent this address a mail, to keep repeats from flooding it.
    reminded_at BIGINT,
    UNIQUE (petition, email_normalized)
);
CREATE INDEX signatures_by_confirmation ON signatures (petition, confirmed_at);
CREATE INDEX signatures_unconfirmed ON signatures (signed_at) WHERE confirmed_at IS NULL;

-- Confirmed signatures per petition, kept in step with `signatures` so reads never count rows.
CREATE TABLE petition_counts (
    petition TEXT PRIMARY KEY NOT NULL,
    confirmed BIGINT NOT NULL
);

-- Mail waiting to be sent; a row is deleted once the mail server has accepted it.
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    failed_at BIGINT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE failed_at IS NULL;
