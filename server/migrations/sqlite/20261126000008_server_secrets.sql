-- Secrets every server sharing the database must hold alike: the key that signs the proof-of-
-- work challenges, made by the first server to start.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
