//! The seam between the one store implementation and the two database drivers.
//!
//! Every aggregate's queries and row mapping are written once, against [`Conn`] (run a statement,
//! decode rows by position through [`Row`]) and [`Backend`] (run a unit of work as a read, a
//! snapshot read or a write). `openkor-store-sqlite` implements them over rusqlite on dedicated
//! threads, `openkor-store-postgres` over tokio-postgres; nothing else knows a driver.
//!
//! Statements are written once in PostgreSQL's placeholder syntax (`$1`, `$2`, …, each number
//! first used in increasing order), which SQLite reads as the same numbered parameters. The few
//! places where the dialects differ ask [`Conn::dialect`].

mod constraint;
pub mod migrate;
mod shifted;
mod value;

pub use constraint::{CONSTRAINTS, Constraint, ConstraintEntry};
pub use shifted::Shifted;
pub use value::Value;

use crate::StoreError;
use openkor_domain::clock::Timestamp;
use std::future::Future;
use std::pin::Pin;
use time::Date;
use uuid::Uuid;

/// A future that borrows what it was given for `'a`, as a unit of work returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Which SQL dialect a connection speaks, for the few statements that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite 3.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Dialect {
    /// `FOR UPDATE` on PostgreSQL, where concurrent writers must serialise on a row; nothing on
    /// SQLite, whose one writer already serialises every write.
    pub const fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }

    /// `FOR UPDATE OF alias SKIP LOCKED` on PostgreSQL: claim a row no other process holds,
    /// so that several servers on one database each take different work; nothing on SQLite,
    /// whose one writer already runs one claim at a time.
    pub fn claim(self, alias: &str) -> String {
        match self {
            Dialect::Sqlite => String::new(),
            Dialect::Postgres => format!(" FOR UPDATE OF {alias} SKIP LOCKED"),
        }
    }

    /// `FOR UPDATE OF alias` on PostgreSQL (waits for the row), nothing on SQLite.
    pub fn for_update_of(self, alias: &str) -> String {
        match self {
            Dialect::Sqlite => String::new(),
            Dialect::Postgres => format!(" FOR UPDATE OF {alias}"),
        }
    }

    /// ` FOR SHARE OF alias` on PostgreSQL (the rows of `alias` cannot change or go until the
    /// db transaction ends, while others may share the lock); nothing on SQLite, whose writer
    /// is alone anyway.
    pub fn for_share_of(self, alias: &str) -> String {
        match self {
            Dialect::Sqlite => String::new(),
            Dialect::Postgres => format!(" FOR SHARE OF {alias}"),
        }
    }

    /// `COLLATE "C"` on PostgreSQL so text sorts by code point, the order SQLite uses.
    pub const fn binary_collation(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " COLLATE \"C\"",
        }
    }
}

/// One result row, read by column position (0-based, in the order of the select list).
///
/// Each backend maps its column types to these accessors: UUIDs are 16-byte blobs on SQLite and
/// `uuid` on PostgreSQL, instants integer milliseconds and `timestamptz`, booleans 0/1 and
/// `boolean`, JSON text and `jsonb`.
pub trait Row {
    /// A non-null UUID.
    fn uuid(&self, index: usize) -> Result<Uuid, StoreError>;
    /// A UUID or NULL.
    fn opt_uuid(&self, index: usize) -> Result<Option<Uuid>, StoreError>;
    /// Non-null text (JSON columns read as their text).
    fn text(&self, index: usize) -> Result<String, StoreError>;
    /// Text or NULL.
    fn opt_text(&self, index: usize) -> Result<Option<String>, StoreError>;
    /// A non-null integer.
    fn i64(&self, index: usize) -> Result<i64, StoreError>;
    /// A boolean or NULL.
    fn opt_bool(&self, index: usize) -> Result<Option<bool>, StoreError>;
    /// A non-null instant.
    fn timestamp(&self, index: usize) -> Result<Timestamp, StoreError>;
    /// An instant or NULL.
    fn opt_timestamp(&self, index: usize) -> Result<Option<Timestamp>, StoreError>;
    /// A calendar date or NULL.
    fn opt_date(&self, index: usize) -> Result<Option<Date>, StoreError>;
    /// Bytes or NULL.
    fn opt_bytes(&self, index: usize) -> Result<Option<Vec<u8>>, StoreError>;

    /// A non-null boolean.
    fn bool(&self, index: usize) -> Result<bool, StoreError> {
        self.opt_bool(index)?.ok_or_else(|| null_column(index))
    }

    /// Non-null bytes.
    fn bytes(&self, index: usize) -> Result<Vec<u8>, StoreError> {
        self.opt_bytes(index)?.ok_or_else(|| null_column(index))
    }
}

/// The error of a NULL where the schema promises a value.
pub fn null_column(index: usize) -> StoreError {
    StoreError::Other(format!("column {index} is unexpectedly NULL"))
}

/// Decodes one row into `T`.
pub type Decode<'f, T> = &'f mut (dyn FnMut(&dyn Row) -> Result<T, StoreError> + Send);

/// A connection inside a unit of work: runs statements, decodes rows. Implemented by each
/// backend; every store method is written against it once.
pub trait Conn: Send {
    /// The dialect this connection speaks.
    fn dialect(&self) -> Dialect;

    /// Runs a statement and returns the number of rows it changed.
    fn execute(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Runs a query and decodes every row it returns with `decode`.
    fn query<T: Send>(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        decode: Decode<'_, T>,
    ) -> impl Future<Output = Result<Vec<T>, StoreError>> + Send;

    /// Runs several `;`-separated statements without parameters (migrations).
    fn execute_batch(&mut self, sql: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The first row a query returns, if any.
    fn query_opt<T: Send>(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        decode: Decode<'_, T>,
    ) -> impl Future<Output = Result<Option<T>, StoreError>> + Send {
        async move { Ok(self.query(sql, params, decode).await?.into_iter().next()) }
    }

    /// The one row a query returns; no row is [`StoreError::NotFound`].
    fn query_one<T: Send>(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        decode: Decode<'_, T>,
    ) -> impl Future<Output = Result<T, StoreError>> + Send {
        async move {
            self.query_opt(sql, params, decode)
                .await?
                .ok_or(StoreError::NotFound)
        }
    }
}

/// A unit of work: given a connection, does its statements and returns a value. Written
/// `move |conn| Box::pin(async move { … })`.
pub trait Work<C, T>:
    for<'c> FnOnce(&'c mut C) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static
{
}

impl<C, T, F> Work<C, T> for F where
    F: for<'c> FnOnce(&'c mut C) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static
{
}

/// A database driver with its connection handling: how a unit of work gets a connection, and
/// in which kind of db transaction it runs.
pub trait Backend: Send + Sync + 'static {
    /// The connection units of work run on.
    type Conn: Conn;

    /// Runs `work` outside any explicit db transaction: for reads of one statement (each
    /// statement sees one consistent state).
    fn read<T, F>(&self, work: F) -> impl Future<Output = Result<T, StoreError>> + Send
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Self::Conn) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static;

    /// Runs `work` in a read-only db transaction, so all its statements see one snapshot (a
    /// page and its total).
    fn snapshot<T, F>(&self, work: F) -> impl Future<Output = Result<T, StoreError>> + Send
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Self::Conn) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static;

    /// Runs `work` in a db transaction and answers only once it is durable. An error rolls back
    /// everything `work` wrote.
    fn write<T, F>(&self, work: F) -> impl Future<Output = Result<T, StoreError>> + Send
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Self::Conn) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static;

    /// A committed write just gathered the query planner's statistics again: a backend whose
    /// connections keep their own copy of them makes those connections load the new ones.
    /// Nothing by default: a PostgreSQL `ANALYZE` invalidates every session's cached plans of
    /// the tables it analysed, so the next use plans from the new statistics.
    fn statistics_refreshed(&self) {}

    /// Erases what rows rewritten or deleted in `tables` left in the database's files (the
    /// free space of pages, free pages, dead row versions, the write-ahead log where the
    /// backend owns it), so that values just sealed leave no plaintext copy behind. Takes
    /// locks that stop other work on those tables meanwhile: for the start, or rare operator
    /// commands.
    fn erase_free_space(
        &self,
        tables: &'static [&'static str],
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Whether several processes may serve one database at once, so that what one process
    /// learns of a client's walk through a list (where its last page ended) must be kept in the
    /// database for the next request, whichever process serves it. No by default: a SQLite
    /// database is served by one process.
    fn shared_by_processes(&self) -> bool {
        false
    }
}

/// The parameters of a statement, each converted into a [`Value`].
#[macro_export]
macro_rules! params {
    () => { [] as [$crate::db::Value<'_>; 0] };
    ($($value:expr),+ $(,)?) => { [$($crate::db::Value::from($value)),+] };
}
