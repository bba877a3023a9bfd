//! Keeping the query planner's statistics current, which each database does its own way.
//!
//! **PostgreSQL** plans from statistics that only `ANALYZE` gathers, and autovacuum (which runs
//! it) may be off: without them a read by id at 100k rows was 20× slower (docs/BENCHMARKS.md).
//! One db transaction takes an advisory lock without waiting (another process holding it is
//! refreshing already: this one does nothing), reads `pg_stat_user_tables` for the tables of the
//! connection's schema, and analyses each that changed by more than
//! [`ANALYZE_CHANGED_ROWS_MIN`] rows plus [`ANALYZE_CHANGED_PERCENT`] of its rows since its last
//! analysis, or was never analysed and has rows (a freshly migrated or restored database).
//! `SKIP_LOCKED` passes over a table another session is vacuuming or analysing (or altering):
//! it is being taken care of, and waiting would hold the lock and this db transaction open.
//!
//! Where autovacuum is off (for the server, or for a table), the process holding the lock also names the tables that gained or
//! lost more than the same number of rows since they were last vacuumed, and vacuums them once
//! its db transaction is over (`VACUUM` runs outside one). Without it nothing marks pages all
//! visible, so no count is answered from an index alone (a capped count of 1,000 rows cost 5 ms
//! instead of 0.3 ms at 100k rows), and rows inserted into a GIN index wait in its pending list,
//! which every trigram search reads through (37 ms instead of 1.5 ms). Two processes vacuuming
//! one table cannot happen: `SKIP_LOCKED` passes over a table being vacuumed.
//!
//! **SQLite** decides with `PRAGMA optimize` on the writer connection
//! (<https://sqlite.org/pragma.html#pragma_optimize>): it names each table that has an index
//! without statistics, or whose size is ten times larger or smaller than when it was analysed,
//! which is cheap when nothing changed (a size estimate per table). Those that have rows are
//! analysed, each index sampled on at most [`SQLITE_ANALYSIS_LIMIT_ROWS`] rows.
//!
//! SQLite's readers keep the statistics they loaded: a connection reads `sqlite_stat1` when it
//! loads the schema (when it opens, or after a schema change it notices) and when it runs
//! `ANALYZE` itself, never because another connection ran `ANALYZE`. A reader cannot reload
//! them itself (`ANALYZE sqlite_schema`, the statement that would, needs a writable connection),
//! so the store tells the backend ([`crate::db::Backend::statistics_refreshed`]), whose readers
//! then open their connections again (`openkor-store-sqlite`'s `reader.rs`).

use crate::StoreError;
use crate::db::{Conn, Dialect, Row};
use crate::params;

/// The advisory lock one PostgreSQL process holds while it refreshes statistics (next to the
/// migrations' 7355608001 in `db::migrate`).
pub const STATISTICS_LOCK_KEY: i64 = 7_355_608_002;
/// A PostgreSQL table is analysed again once more rows than this changed since it last was…
/// (autovacuum's floor is 50: a higher one spares small tables, whose plans hardly depend on
/// statistics, an `ANALYZE` every minute or two while they fill).
pub const ANALYZE_CHANGED_ROWS_MIN: i64 = 1_000;
/// …plus this share of its rows, in percent (autovacuum's default too).
pub const ANALYZE_CHANGED_PERCENT: i64 = 10;

/// `PRAGMA optimize`'s mask on SQLite: list (0x01, without running them) the `ANALYZE`
/// statements of tables that may benefit (0x02), looking at every table's size, not only at the
/// tables this connection's queries used (0x10000: the writer's statements are mostly inserts;
/// the readers' queries are what statistics serve).
const SQLITE_OPTIMIZE_LISTING: &str = "PRAGMA optimize(0x10003)";
/// Rows of each index SQLite's `ANALYZE` looks at: what `PRAGMA optimize` itself uses, so that
/// the one writer is never held long (a 100 MB database in under 100 ms on a Raspberry Pi 4,
/// by SQLite's account); the statistics are estimates, which is all the planner needs.
pub const SQLITE_ANALYSIS_LIMIT_ROWS: u32 = 2_000;

/// What one refresh did in its db transaction, and what it leaves to do after it.
#[derive(Debug, Default)]
pub(crate) struct Refreshed {
    /// The tables analysed.
    pub(crate) analysed: Vec<String>,
    /// The tables to vacuum once the db transaction is over: (schema, table).
    pub(crate) to_vacuum: Vec<(String, String)>,
}

impl Refreshed {
    /// The tables analysed or vacuumed, each once, in order.
    pub(crate) fn tables(&self) -> Vec<String> {
        let mut tables = self.analysed.clone();
        tables.extend(self.to_vacuum.iter().map(|(_, table)| table.clone()));
        tables.sort();
        tables.dedup();
        tables
    }
}

/// Refreshes what needs it on `conn` (inside a write db transaction).
pub(crate) async fn refresh<C: Conn>(conn: &mut C) -> Result<Refreshed, StoreError> {
    match conn.dialect() {
        Dialect::Postgres => analyse_postgres(conn).await,
        Dialect::Sqlite => Ok(Refreshed {
            analysed: optimize_sqlite(conn).await?,
            to_vacuum: Vec::new(),
        }),
    }
}

/// Vacuums `schema.table` on `conn`, outside any db transaction (PostgreSQL only).
pub(crate) async fn vacuum<C: Conn>(
    conn: &mut C,
    (schema, table): &(String, String),
) -> Result<(), StoreError> {
    // One statement per call: several in one simple query would run as one db transaction,
    // where `VACUUM` cannot.
    let statement = format!("VACUUM (SKIP_LOCKED) {}.{}", quoted(schema), quoted(table));
    conn.execute_batch(&statement).await
}

async fn analyse_postgres<C: Conn>(conn: &mut C) -> Result<Refreshed, StoreError> {
    // Released with the db transaction, so an error or a dropped unit of work cannot leave it
    // held on a pooled connection.
    let ours = conn
        .query_one(
            "SELECT pg_try_advisory_xact_lock($1)",
            &params![STATISTICS_LOCK_KEY],
            &mut |row: &dyn Row| row.bool(0),
        )
        .await?;
    if !ours {
        return Ok(Refreshed::default());
    }
    let stale = conn
        .query(
            "SELECT schemaname::text, relname::text FROM pg_stat_user_tables \
             WHERE schemaname = current_schema() \
             AND (n_mod_since_analyze > $1 + n_live_tup * $2 / 100 \
             OR (last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup > 0)) \
             ORDER BY relname",
            &params![ANALYZE_CHANGED_ROWS_MIN, ANALYZE_CHANGED_PERCENT],
            &mut |row: &dyn Row| Ok((row.text(0)?, row.text(1)?)),
        )
        .await?;
    let mut analysed = Vec::with_capacity(stale.len());
    for (schema, table) in stale {
        let statement = format!(
            "ANALYZE (SKIP_LOCKED) {}.{}",
            quoted(&schema),
            quoted(&table)
        );
        // Simple protocol: not prepared, so not kept in the connection's statement cache.
        conn.execute_batch(&statement).await?;
        analysed.push(table);
    }
    let to_vacuum = conn
        .query(
            "SELECT s.schemaname::text, s.relname::text \
             FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid \
             WHERE s.schemaname = current_schema() \
             AND (NOT current_setting('autovacuum')::boolean OR EXISTS ( \
                 SELECT 1 FROM unnest(c.reloptions) AS o \
                 WHERE o ~* '^autovacuum_enabled=(false|off|no|0|f|n)$')) \
             AND s.n_ins_since_vacuum + s.n_dead_tup > $1 + s.n_live_tup * $2 / 100 \
             ORDER BY s.relname",
            &params![ANALYZE_CHANGED_ROWS_MIN, ANALYZE_CHANGED_PERCENT],
            &mut |row: &dyn Row| Ok((row.text(0)?, row.text(1)?)),
        )
        .await?;
    Ok(Refreshed {
        analysed,
        to_vacuum,
    })
}

/// `name` as a PostgreSQL quoted identifier. Names come from the catalogue, but any text is
/// quoted safely.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

async fn optimize_sqlite<C: Conn>(conn: &mut C) -> Result<Vec<String>, StoreError> {
    let listed = conn
        .query(SQLITE_OPTIMIZE_LISTING, &params![], &mut |row: &dyn Row| {
            row.text(0)
        })
        .await?;
    let mut analysed = Vec::with_capacity(listed.len());
    for line in &listed {
        let table = listed_table(line)?;
        // The listing also names every empty table without an index of its own: its analysis
        // records nothing, so it would be listed, analysed and make every reader reload again
        // at every round.
        let has_rows = format!("SELECT EXISTS (SELECT 1 FROM \"main\".{})", quoted(&table));
        if conn
            .query_one(&has_rows, &params![], &mut |row: &dyn Row| row.bool(0))
            .await?
        {
            analysed.push(table);
        }
    }
    if analysed.is_empty() {
        return Ok(analysed);
    }
    analysed.sort();
    // Left set on the writer connection, where nothing else runs `ANALYZE`.
    conn.execute_batch(&format!(
        "PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT_ROWS}"
    ))
    .await?;
    for table in &analysed {
        conn.execute_batch(&format!("ANALYZE \"main\".{}", quoted(table)))
            .await?;
    }
    Ok(analysed)
}

/// The table of one line of `PRAGMA optimize`'s listing, `ANALYZE "main"."name"` (quotes in
/// names doubled).
fn listed_table(line: &str) -> Result<String, StoreError> {
    line.strip_prefix("ANALYZE \"main\".\"")
        .and_then(|rest| rest.strip_suffix('"'))
        .map(|name| name.replace("\"\"", "\""))
        .ok_or_else(|| StoreError::Other(format!("unexpected PRAGMA optimize line: {line}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_with_inner_quotes_doubled() {
        assert_eq!(quoted("customers"), "\"customers\"");
        assert_eq!(quoted("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn the_optimize_listing_names_its_tables() {
        let table = |line: &str| listed_table(line).ok();
        assert_eq!(
            table("ANALYZE \"main\".\"customers\"").as_deref(),
            Some("customers")
        );
        assert_eq!(
            table("ANALYZE \"main\".\"a\"\"b\"").as_deref(),
            Some("a\"b")
        );
        assert_eq!(table("ANALYZE \"temp\".\"t\""), None);
    }
}
