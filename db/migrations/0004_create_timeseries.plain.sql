-- Plain PostgreSQL path: the tables of 0002 stay ordinary tables; nothing to convert.
-- Retention is run by the application's housekeeping instead of a Timescale policy.
SELECT 1;
