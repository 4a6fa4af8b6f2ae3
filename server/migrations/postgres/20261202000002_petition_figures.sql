-- The figures the dashboard shows, kept in step with `signatures` as `petition_counts` is, so
-- that a petition of a million signatures is counted without reading them: confirmed
-- signatures per hour of confirmation, page, channel ('' for none) and consents as given.
-- `group_key` is a digest of those four; the server counts the signatures stored before this
-- table existed once, at its first start (`store/figures.rs`).
CREATE TABLE petition_figures (
    petition TEXT NOT NULL,
    group_key TEXT NOT NULL,
    hour BIGINT NOT NULL,
    source_url TEXT NOT NULL,
    source_channel TEXT NOT NULL,
    consents TEXT NOT NULL,
    signatures BIGINT NOT NULL,
    PRIMARY KEY (petition, group_key)
);
-- How many wait for confirmation, counted from the waiting ones alone.
CREATE INDEX signatures_waiting ON signatures (petition) WHERE confirmed_at IS NULL;
