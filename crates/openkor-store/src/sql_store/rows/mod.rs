//! Each stored record's columns, its values in that order (for inserts) and its decoding from a
//! row by position, side by side (`accounts.rs`, `people.rs`), so adding a column is one edit per
//! list in one file. `Columns` reads a row in select-list order.

use crate::StoreError;
use crate::db::Row;
use openkor_domain::clock::Timestamp;
use time::Date;
use uuid::Uuid;

mod accounts;
mod people;

pub(crate) use accounts::*;
pub(crate) use people::*;

/// Reads the columns of a row one after the other, in select-list order.
pub(crate) struct Columns<'r> {
    row: &'r dyn Row,
    next: usize,
}

impl<'r> Columns<'r> {
    pub(crate) fn new(row: &'r dyn Row) -> Self {
        Self { row, next: 0 }
    }

    fn take(&mut self) -> usize {
        self.next += 1;
        self.next - 1
    }

    /// Passes over `count` columns the caller does not need.
    pub(crate) fn skip(&mut self, count: usize) {
        self.next += count;
    }

    pub(crate) fn uuid(&mut self) -> Result<Uuid, StoreError> {
        let i = self.take();
        self.row.uuid(i)
    }
    pub(crate) fn opt_uuid(&mut self) -> Result<Option<Uuid>, StoreError> {
        let i = self.take();
        self.row.opt_uuid(i)
    }
    pub(crate) fn text(&mut self) -> Result<String, StoreError> {
        let i = self.take();
        self.row.text(i)
    }
    pub(crate) fn opt_text(&mut self) -> Result<Option<String>, StoreError> {
        let i = self.take();
        self.row.opt_text(i)
    }
    pub(crate) fn i64(&mut self) -> Result<i64, StoreError> {
        let i = self.take();
        self.row.i64(i)
    }
    pub(crate) fn bool(&mut self) -> Result<bool, StoreError> {
        let i = self.take();
        self.row.bool(i)
    }
    pub(crate) fn opt_bool(&mut self) -> Result<Option<bool>, StoreError> {
        let i = self.take();
        self.row.opt_bool(i)
    }
    pub(crate) fn timestamp(&mut self) -> Result<Timestamp, StoreError> {
        let i = self.take();
        self.row.timestamp(i)
    }
    pub(crate) fn opt_timestamp(&mut self) -> Result<Option<Timestamp>, StoreError> {
        let i = self.take();
        self.row.opt_timestamp(i)
    }
    pub(crate) fn opt_date(&mut self) -> Result<Option<Date>, StoreError> {
        let i = self.take();
        self.row.opt_date(i)
    }
    pub(crate) fn opt_bytes(&mut self) -> Result<Option<Vec<u8>>, StoreError> {
        let i = self.take();
        self.row.opt_bytes(i)
    }
}

/// `alias.c1, alias.c2, …`
pub(crate) fn qualified(alias: &str, columns: &[&str]) -> String {
    columns
        .iter()
        .map(|column| format!("{alias}.{column}"))
        .collect::<Vec<_>>()
        .join(", ")
}
