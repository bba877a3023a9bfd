-- Page ends shared between processes: on PostgreSQL, which several openkor processes share,
-- 0017 creates the table where each keeps where recent list pages ended. A SQLite database is
-- served by one process, which keeps them in its memory, so this version has nothing to add.
-- It exists so that both backends number their schema versions alike.
SELECT 1;
