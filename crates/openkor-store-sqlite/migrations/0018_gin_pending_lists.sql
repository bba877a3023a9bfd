-- PostgreSQL's 0018 bounds the pending lists of its trigram (GIN) indexes. SQLite's FTS5
-- tables have nothing alike, so this version has nothing to add; it exists so that both
-- backends number their schema versions alike.
SELECT 1;
