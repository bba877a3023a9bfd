//! Maps tokio-postgres and pool errors onto the small [`StoreError`], constraint violations
//! through the shared constraint table.

use deadpool_postgres::PoolError;
use openkor_store::StoreError;
use openkor_store::db::Constraint;
use tokio_postgres::error::SqlState;

/// SQLSTATE classes and codes that mean "the database cannot serve us now", not "this request is
/// wrong": connection exceptions (08), authorisation failure (28, e.g. a rotated password),
/// missing database (3D), serialization failure, deadlock, insufficient resources (53: disk
/// full, too many connections), operator intervention (57: shutdown, terminated connection,
/// cancelled statement), a read-only transaction (25006, a standby).
fn is_transient(sqlstate: &str) -> bool {
    matches!(sqlstate, "40001" | "40P01" | "25006")
        || ["08", "28", "3D", "53", "57"]
            .iter()
            .any(|class| sqlstate.starts_with(class))
}

/// SQLSTATEs the schema's guard triggers raise: `integrity_constraint_violation` (23000) and
/// plpgsql's default `raise_exception` (P0001).
fn is_guard(sqlstate: &str) -> bool {
    matches!(sqlstate, "23000" | "P0001")
}

pub(crate) fn store_error(error: tokio_postgres::Error) -> StoreError {
    let Some(db) = error.as_db_error() else {
        // No answer from the server: a closed or broken connection, a timeout.
        return StoreError::Unavailable(error.to_string());
    };
    let code = db.code();
    if *code == SqlState::UNIQUE_VIOLATION {
        let name = db.constraint().unwrap_or_default();
        return match Constraint::from_postgres(name) {
            Some(constraint) => StoreError::Conflict(constraint),
            None => StoreError::Other(format!("unlisted unique constraint: {name}")),
        };
    }
    if *code == SqlState::FOREIGN_KEY_VIOLATION {
        return StoreError::NotFound;
    }
    if is_guard(code.code()) {
        return StoreError::Refused(db.message().to_owned());
    }
    if is_transient(code.code()) {
        return StoreError::Unavailable(db.message().to_owned());
    }
    StoreError::Other(format!("{}: {}", code.code(), db.message()))
}

/// Taking a connection from the pool fails only for reasons a client can do nothing about: the
/// wait timed out, or opening a new connection failed (the server is down, refuses connections
/// to this database — `ALLOW_CONNECTIONS false` is SQLSTATE 55000 —, has too many, rejects the
/// password…). Every such failure is unavailable; the pool opens a fresh connection next time.
pub(crate) fn pool_error(error: PoolError) -> StoreError {
    match error {
        PoolError::Backend(error) => StoreError::Unavailable(
            error
                .as_db_error()
                .map_or_else(|| error.to_string(), |db| db.message().to_owned()),
        ),
        other => StoreError::Unavailable(other.to_string()),
    }
}
