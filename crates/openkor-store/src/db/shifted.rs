//! A row read from a later column: what a decoder written for a select list sees when other
//! columns come first (a page's sort keys, see `crate::sql::page_statements`).

use super::Row;
use crate::StoreError;
use openkor_domain::clock::Timestamp;
use time::Date;
use uuid::Uuid;

/// `row` with its first `by` columns hidden: column `i` reads the row's column `i + by`.
pub struct Shifted<'r> {
    /// The whole row.
    pub row: &'r dyn Row,
    /// Columns hidden.
    pub by: usize,
}

impl Row for Shifted<'_> {
    fn uuid(&self, index: usize) -> Result<Uuid, StoreError> {
        self.row.uuid(index + self.by)
    }
    fn opt_uuid(&self, index: usize) -> Result<Option<Uuid>, StoreError> {
        self.row.opt_uuid(index + self.by)
    }
    fn text(&self, index: usize) -> Result<String, StoreError> {
        self.row.text(index + self.by)
    }
    fn opt_text(&self, index: usize) -> Result<Option<String>, StoreError> {
        self.row.opt_text(index + self.by)
    }
    fn i64(&self, index: usize) -> Result<i64, StoreError> {
        self.row.i64(index + self.by)
    }
    fn opt_bool(&self, index: usize) -> Result<Option<bool>, StoreError> {
        self.row.opt_bool(index + self.by)
    }
    fn timestamp(&self, index: usize) -> Result<Timestamp, StoreError> {
        self.row.timestamp(index + self.by)
    }
    fn opt_timestamp(&self, index: usize) -> Result<Option<Timestamp>, StoreError> {
        self.row.opt_timestamp(index + self.by)
    }
    fn opt_date(&self, index: usize) -> Result<Option<Date>, StoreError> {
        self.row.opt_date(index + self.by)
    }
    fn opt_bytes(&self, index: usize) -> Result<Option<Vec<u8>>, StoreError> {
        self.row.opt_bytes(index + self.by)
    }
}
