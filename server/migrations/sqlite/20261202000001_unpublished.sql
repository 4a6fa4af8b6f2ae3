-- When the organiser took the petition down from view: its pages and its answer are gone (410),
-- it takes no signatures, and its data is kept until its retention date. A new import of its
-- file leaves it down; the organiser puts it back.
ALTER TABLE petitions ADD COLUMN unpublished_at INTEGER;
