-- The unit a hotline ticket was last forwarded to (the console's units directory): its id, and its
-- name as it was then, so a later directory that renames or drops the unit leaves history readable.
ALTER TABLE tickets ADD COLUMN assigned_unit text;
ALTER TABLE tickets ADD COLUMN assigned_unit_name text;
