//! Schema migrations, run by one function for both backends.
//!
//! The bookkeeping table is sqlx's `_sqlx_migrations` (same columns, SHA-384 checksums of the
//! migration text), which earlier releases of openkor wrote: a database they created opens
//! without re-running anything, and a migration edited after it was applied is refused.

use super::{Conn, Dialect, Row};
use crate::StoreError;
use crate::params;
use sha2::{Digest, Sha384};

/// One migration file: `NNNN_description.sql`.
#[derive(Clone, Copy, Debug)]
pub struct Migration {
    /// The number in the file name.
    pub version: i64,
    /// The rest of the file name, underscores as spaces.
    pub description: &'static str,
    /// The file's text.
    pub sql: &'static str,
}

const CREATE_TABLE_SQLITE: &str = "CREATE TABLE IF NOT EXISTS _sqlx_migrations (\
    version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
    installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, \
    checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)";

const CREATE_TABLE_POSTGRES: &str = "CREATE TABLE IF NOT EXISTS _sqlx_migrations (\
    version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN NOT NULL, \
    checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL)";

/// Serialises migrations across servers starting at once on one PostgreSQL database; released
/// with the db transaction.
const POSTGRES_LOCK: &str = "SELECT pg_advisory_xact_lock(7355608001)";

/// The checksum recorded for a migration's text.
pub fn checksum(sql: &str) -> Vec<u8> {
    Sha384::digest(sql.as_bytes()).to_vec()
}

/// Applies every migration of `migrations` not yet recorded, in order, and refuses to go on if
/// a recorded one failed or its text changed since. Run inside one write db transaction.
pub async fn run<C: Conn>(conn: &mut C, migrations: &[Migration]) -> Result<usize, StoreError> {
    match conn.dialect() {
        Dialect::Sqlite => conn.execute(CREATE_TABLE_SQLITE, &[]).await?,
        Dialect::Postgres => {
            // The lock first: two servers creating the table at once would clash.
            conn.query(POSTGRES_LOCK, &[], &mut |_: &dyn Row| Ok(()))
                .await?;
            conn.execute(CREATE_TABLE_POSTGRES, &[]).await?
        }
    };
    let applied = conn
        .query(
            "SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version",
            &[],
            &mut |row: &dyn Row| Ok((row.i64(0)?, row.bool(1)?, row.bytes(2)?)),
        )
        .await?;
    let mut count = 0;
    for migration in migrations {
        let recorded = applied
            .iter()
            .find(|(version, ..)| *version == migration.version);
        match recorded {
            Some((_, false, _)) => return Err(failed(migration, "is recorded as failed")),
            Some((_, true, sum)) if *sum != checksum(migration.sql) => {
                return Err(failed(migration, "was changed after it was applied"));
            }
            Some(_) => continue,
            None => {}
        }
        conn.execute_batch(migration.sql).await?;
        conn.execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES ($1, $2, TRUE, $3, 0)",
            &params![migration.version, migration.description, checksum(migration.sql).as_slice()],
        )
        .await?;
        count += 1;
    }
    Ok(count)
}

fn failed(migration: &Migration, what: &str) -> StoreError {
    StoreError::Other(format!(
        "migration {} ({}) {what}; restore the database or the release that applied it",
        migration.version, migration.description
    ))
}

/// Embeds the migrations of a `migrations/` folder, each as `(version, "description", "file")`.
#[macro_export]
macro_rules! migrations {
    ($(($version:literal, $description:literal, $file:literal)),+ $(,)?) => {
        &[$($crate::db::migrate::Migration {
            version: $version,
            description: $description,
            sql: include_str!($file),
        }),+]
    };
}
