-- The organiser's sign-in: single-use links (15 minutes) and the sessions they open. Only the
-- SHA-256 of each secret is kept, as for the signers' links.
CREATE TABLE organizer_sign_ins (
    token_hash TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX organizer_sign_ins_by_email ON organizer_sign_ins (email);

CREATE TABLE organizer_sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

-- That an organiser erased a signer's data on request: who, when, which petition; never whose.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    petition TEXT NOT NULL
);

-- Signatures taken back, by the signer's link or an organiser's erasure.
ALTER TABLE petition_counts ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
