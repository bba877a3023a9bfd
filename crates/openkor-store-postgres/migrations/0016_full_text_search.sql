-- Substring search served by an index: on PostgreSQL the pg_trgm indexes of 0014 serve the
-- lists' `search` and `name` filters (`LIKE '%…%'`), so this version has nothing to add. It
-- exists so that both backends number their schema versions alike (SQLite's 0016 adds its
-- FTS5 trigram tables).
SELECT 1;
