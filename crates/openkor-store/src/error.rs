//! The storage error: small on purpose, so callers can map it without knowing the backend.

/// Why a storage operation failed.
#[derive(Clone, Debug, thiserror::Error)]
pub enum StoreError {
    /// No row matched, or the row belongs to another tenant.
    #[error("not found")]
    NotFound,
    /// A uniqueness or state rule refused the write.
    #[error("conflict: {0:?}")]
    Conflict(crate::db::Constraint),
    /// A database rule guarding an invariant (a trigger) refused the write; the text is the
    /// rule's own message, written for clients.
    #[error("refused: {0}")]
    Refused(String),
    /// The row changed since it was read (its version moved); re-read and retry.
    #[error("the row changed since it was read")]
    Stale,
    /// A page too deep to read at its offset, and not the continuation of a page just served.
    #[error("the page starts more than {max_offset} rows deep")]
    PageTooDeep {
        /// The deepest offset served.
        max_offset: u64,
    },
    /// The database could not be reached or timed out; retrying later may succeed.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// Anything else; a bug or corrupted data.
    #[error("storage failure: {0}")]
    Other(String),
}

impl StoreError {
    /// Whether this is [`StoreError::NotFound`].
    pub fn is_not_found(&self) -> bool {
        matches!(self, StoreError::NotFound)
    }
}
