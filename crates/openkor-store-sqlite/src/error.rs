//! Maps sqlx errors onto the small [`StoreError`].

use openkor_store::StoreError;

/// SQLite's primary result codes for "the database is locked/busy".
const SQLITE_BUSY: &str = "5";
const SQLITE_LOCKED: &str = "6";
/// The extended result code of `RAISE(ABORT, …)` in a trigger: one of the schema's guards.
const SQLITE_CONSTRAINT_TRIGGER: &str = "1811";

pub(crate) fn store_error(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(db.message().to_owned())
        }
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            if code == SQLITE_CONSTRAINT_TRIGGER {
                return StoreError::Refused(db.message().to_owned());
            }
            let primary = code.parse::<u32>().map(|c| (c & 0xff).to_string());
            match primary.as_deref() {
                Ok(SQLITE_BUSY | SQLITE_LOCKED) => StoreError::Unavailable(db.message().to_owned()),
                _ => StoreError::Other(error.to_string()),
            }
        }
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::WorkerCrashed => StoreError::Unavailable(error.to_string()),
        _ => StoreError::Other(error.to_string()),
    }
}
