//! Maps rusqlite errors onto the small [`StoreError`], constraint violations through the shared
//! constraint table.

use openkor_store::StoreError;
use openkor_store::db::Constraint;
use rusqlite::ErrorCode;
use rusqlite::ffi;

pub(crate) fn store_error(error: rusqlite::Error) -> StoreError {
    match &error {
        rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
        rusqlite::Error::SqliteFailure(failure, message) => {
            let message = message.clone().unwrap_or_else(|| failure.to_string());
            failure_error(failure, message)
        }
        _ => StoreError::Other(error.to_string()),
    }
}

fn failure_error(failure: &ffi::Error, message: String) -> StoreError {
    match failure.extended_code {
        ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
            match Constraint::from_sqlite(&message) {
                Some(constraint) => StoreError::Conflict(constraint),
                None => StoreError::Other(format!("unlisted unique constraint: {message}")),
            }
        }
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => StoreError::NotFound,
        // `RAISE(ABORT, …)` in a trigger: one of the schema's guards, whose message is for clients.
        ffi::SQLITE_CONSTRAINT_TRIGGER => StoreError::Refused(message),
        _ => match failure.code {
            // Conditions a client can do nothing about: another process holds the lock, the
            // disk is full or failing, the file cannot be opened or written.
            ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::DiskFull
            | ErrorCode::SystemIoFailure
            | ErrorCode::CannotOpen
            | ErrorCode::ReadOnly
            | ErrorCode::OutOfMemory => StoreError::Unavailable(message),
            _ => StoreError::Other(message),
        },
    }
}
