//! The SQLite growth: the catalog from `pragma_table_xinfo`, a db transaction per batch.

use super::{Columns, Dialect, Growth, TABLES, Template, batches, count_statement};
use rusqlite::{Connection, TransactionBehavior};
use std::time::Duration;

/// Rows per db transaction.
const SQLITE_BATCH_ROWS: u64 = 100_000;
/// How long the connection waits for the server's writer.
const SQLITE_BUSY_TIMEOUT_MS: u64 = 60_000;
/// The page cache of the growing connection, in KiB.
const SQLITE_CACHE_KIB: i64 = 1_000_000;

fn open(path: &str) -> Result<Connection, String> {
    let connection = Connection::open(path).map_err(|e| format!("{path}: {e}"))?;
    connection
        .busy_timeout(Duration::from_millis(SQLITE_BUSY_TIMEOUT_MS))
        .map_err(|e| e.to_string())?;
    connection
        .execute_batch(&format!(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -{SQLITE_CACHE_KIB};"
        ))
        .map_err(|e| e.to_string())?;
    Ok(connection)
}

/// Writable columns: not hidden or generated, not an `INTEGER PRIMARY KEY` (the rowid).
fn columns(connection: &Connection) -> Result<Columns, String> {
    let mut statement = connection
        .prepare("SELECT name, type, pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid")
        .map_err(|e| e.to_string())?;
    let mut columns = Columns::new();
    for table in TABLES {
        let rows = statement
            .query_map([table], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?,
                ))
            })
            .map_err(|e| e.to_string())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let keys = rows.iter().filter(|(_, _, pk, _)| *pk > 0).count();
        let writable = rows
            .into_iter()
            .filter(|(_, kind, pk, hidden)| {
                *hidden == 0 && !(keys == 1 && *pk > 0 && kind.eq_ignore_ascii_case("INTEGER"))
            })
            .map(|(name, ..)| name)
            .collect();
        columns.insert(table.to_owned(), writable);
    }
    Ok(columns)
}

pub(super) fn grow(
    path: &str,
    template: &Template<'_>,
    growth: &Growth,
) -> Result<Vec<String>, String> {
    let mut connection = open(path)?;
    let columns = columns(&connection)?;
    let (batches, warnings) = batches(
        Dialect::Sqlite,
        template,
        growth,
        &columns,
        SQLITE_BATCH_ROWS,
    );
    connection
        .execute(Dialect::Sqlite.create_ids(), [])
        .map_err(|e| e.to_string())?;
    for batch in batches {
        // Immediate: the write lock is taken (waiting for the server's writer) before anything
        // is read, so a commit of the server's in between cannot make the batch's snapshot
        // stale, which SQLite refuses at once ("database is locked") rather than waiting.
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| e.to_string())?;
        for statement in &batch {
            transaction
                .execute(statement, [])
                .map_err(|e| format!("{e}: {statement}"))?;
        }
        transaction.commit().map_err(|e| e.to_string())?;
    }
    if growth.analyze {
        connection
            .execute_batch("ANALYZE")
            .map_err(|e| e.to_string())?;
    }
    // Leave the database as a quiet server would: the WAL folded back into the file.
    connection
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(|e| e.to_string())?;
    Ok(warnings)
}

pub(super) fn counts(path: &str, scope: &str) -> Result<(u64, u64), String> {
    let connection = open(path)?;
    let count = |table| {
        connection
            .query_row(&count_statement(Dialect::Sqlite, table, scope), [], |row| {
                row.get::<_, i64>(0)
            })
            .map_err(|e| e.to_string())
            .and_then(|count| u64::try_from(count).map_err(|e| e.to_string()))
    };
    Ok((count("financial_accounts")?, count("customers")?))
}

pub(super) fn statistics(path: &str) -> Result<String, String> {
    let connection = open(path)?;
    let analyzed: i64 = connection
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'",
            [],
            |row| row.get(0),
        )
        .map_err(|e| e.to_string())?;
    if analyzed == 0 {
        return Ok("no sqlite_stat1 (never analyzed)".into());
    }
    let mut statement = connection
        .prepare(
            "SELECT tbl, max(CAST(stat AS INTEGER)) FROM sqlite_stat1 \
             WHERE tbl IN ('financial_accounts', 'customers') GROUP BY tbl ORDER BY tbl",
        )
        .map_err(|e| e.to_string())?;
    let rows = statement
        .query_map([], |row| {
            Ok(format!(
                "{}: sqlite_stat1 says {} rows",
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?
            ))
        })
        .map_err(|e| e.to_string())?
        .collect::<Result<Vec<String>, _>>()
        .map_err(|e| e.to_string())?;
    Ok(rows.join("; "))
}
