-- The petitions' content, imported from the content files at start, on `upprop-server import`
-- and on a reload; every server serves what is here.
CREATE TABLE petitions (
    slug TEXT PRIMARY KEY NOT NULL,
    content TEXT NOT NULL,
    -- The file it was last imported from, to name it in messages.
    source TEXT NOT NULL,
    imported_at INTEGER NOT NULL
);
