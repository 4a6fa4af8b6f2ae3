-- A candle lit for a manifestation: one tap, and nothing kept of who lit it. `id` is the
-- lighting's own (the page view's, or the client's UUID): sent again, it is the same candle.
CREATE TABLE candles (
    id TEXT PRIMARY KEY NOT NULL,
    petition TEXT NOT NULL,
    event TEXT NOT NULL,
    lit_at INTEGER NOT NULL
);
CREATE INDEX candles_by_event ON candles (petition, event, lit_at);

-- What each manifestation's calendar entry last said (a digest of its content): when that
-- changes, `sequence` rises (RFC 5545's SEQUENCE) and `changed_at` is its DTSTAMP, so a
-- calendar holding the entry takes the new one in its place.
CREATE TABLE event_versions (
    petition TEXT NOT NULL,
    event TEXT NOT NULL,
    digest TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (petition, event)
);
