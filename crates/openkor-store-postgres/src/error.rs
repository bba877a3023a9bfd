//! Maps sqlx errors onto the small [`StoreError`].

use openkor_store::StoreError;

/// SQLSTATE classes and codes that mean "the database cannot serve us now", not "this request is
/// wrong": connection exceptions (08), authorisation failure (28, e.g. a rotated password),
/// missing database (3D), serialization failure, deadlock, insufficient resources (53),
/// operator intervention (57: shutdown, terminated connection, cancelled statement).
fn is_transient(sqlstate: &str) -> bool {
    matches!(sqlstate, "40001" | "40P01")
        || ["08", "28", "3D", "53", "57"]
            .iter()
            .any(|class| sqlstate.starts_with(class))
}

/// SQLSTATEs the schema's guard triggers raise: `integrity_constraint_violation` (23000) and
/// plpgsql's default `raise_exception` (P0001).
fn is_guard(sqlstate: &str) -> bool {
    matches!(sqlstate, "23000" | "P0001")
}

pub(crate) fn store_error(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(db.constraint().unwrap_or("unique").to_owned())
        }
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound,
        sqlx::Error::Database(db) if db.code().is_some_and(|code| is_guard(&code)) => {
            StoreError::Refused(db.message().to_owned())
        }
        sqlx::Error::Database(db) if db.code().is_some_and(|code| is_transient(&code)) => {
            StoreError::Unavailable(db.message().to_owned())
        }
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => StoreError::Unavailable(error.to_string()),
        _ => StoreError::Other(error.to_string()),
    }
}
