-- After this moment a closed petition's personal data is erased; its count stays.
ALTER TABLE petition_settings ADD COLUMN erase_personal_data_after BIGINT;
