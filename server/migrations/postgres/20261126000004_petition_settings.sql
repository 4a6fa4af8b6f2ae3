-- What the organiser has decided about a petition, beside its content file: that it has
-- closed (it takes no more signatures), and the goal shown, if it replaces the file's.
CREATE TABLE petition_settings (
    petition TEXT PRIMARY KEY NOT NULL,
    closed_at BIGINT,
    goal BIGINT
);
