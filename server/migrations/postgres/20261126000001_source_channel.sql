-- The channel tag of a shared link (`?src=whatsapp`), so the organiser sees which share brought
-- each signature. Page addresses are kept without query or fragment from now on.
ALTER TABLE signatures ADD COLUMN source_channel TEXT;
