//! One SQLite connection as a [`Conn`]: statements prepared once and cached, values bound in
//! SQLite's column types, rows read by position.

use crate::error::store_error;
use openkor_domain::clock::Timestamp;
use openkor_store::StoreError;
use openkor_store::db::{Conn, Decode, Dialect, Row, Value, null_column};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};
use time::Date;
use time::macros::format_description;
use uuid::Uuid;

/// Prepared statements kept per connection; the store has fewer distinct statements than this
/// except for unusual combinations of list filters, which then take turns.
const STATEMENT_CACHE_CAPACITY: usize = 256;

/// A connection owned by one thread of the SQLite backend.
pub struct SqliteConn {
    connection: Connection,
}

impl SqliteConn {
    pub(crate) fn new(connection: Connection) -> Self {
        connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE_CAPACITY);
        Self { connection }
    }

    pub(crate) fn raw(&self) -> &Connection {
        &self.connection
    }

    /// Runs `run` between `begin` and `COMMIT`, or `ROLLBACK` when it fails.
    pub(crate) fn in_transaction<T>(
        &mut self,
        begin: &str,
        run: impl FnOnce(&mut Self) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.connection.execute_batch(begin).map_err(store_error)?;
        let result = run(self);
        let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
        let ended = self.connection.execute_batch(end).map_err(store_error);
        let value = result?;
        ended.map(|()| value)
    }

    fn prepare(&self, sql: &str) -> Result<rusqlite::CachedStatement<'_>, StoreError> {
        self.connection
            .prepare_cached(&sqlite_placeholders(sql))
            .map_err(store_error)
    }
}

/// Shared statements number their placeholders PostgreSQL's way (`$1`); SQLite reads `$1` as a
/// *named* parameter numbered by first appearance, so each becomes SQLite's own numbered form
/// (`?1`), which binds by number whatever the order of appearance.
fn sqlite_placeholders(sql: &str) -> std::borrow::Cow<'_, str> {
    if !sql.contains('$') {
        return std::borrow::Cow::Borrowed(sql);
    }
    let mut translated = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        translated.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let numbered = rest.as_bytes().first().is_some_and(u8::is_ascii_digit);
        translated.push(if numbered { '?' } else { '$' });
    }
    translated.push_str(rest);
    std::borrow::Cow::Owned(translated)
}

fn bind(statement: &mut rusqlite::Statement<'_>, params: &[Value<'_>]) -> Result<(), StoreError> {
    // `?N` numbering: the count is the largest number used.
    if statement.parameter_count() != params.len() {
        return Err(StoreError::Other(format!(
            "statement takes {} parameters, {} given",
            statement.parameter_count(),
            params.len()
        )));
    }
    for (index, value) in params.iter().enumerate() {
        statement
            .raw_bind_parameter(index + 1, SqliteValue(*value))
            .map_err(store_error)?;
    }
    Ok(())
}

impl Conn for SqliteConn {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    async fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64, StoreError> {
        let mut statement = self.prepare(sql)?;
        bind(&mut statement, params)?;
        let changed = statement.raw_execute().map_err(store_error)?;
        Ok(changed as u64)
    }

    async fn query<T: Send>(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        decode: Decode<'_, T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut statement = self.prepare(sql)?;
        bind(&mut statement, params)?;
        let mut rows = statement.raw_query();
        let mut decoded = Vec::new();
        while let Some(row) = rows.next().map_err(store_error)? {
            decoded.push(decode(&SqliteRow(row))?);
        }
        Ok(decoded)
    }

    async fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.connection.execute_batch(sql).map_err(store_error)
    }
}

/// A [`Value`] in SQLite's types: UUIDs as 16-byte blobs, instants as Unix milliseconds,
/// booleans as 0/1, dates as `YYYY-MM-DD`.
struct SqliteValue<'a>(Value<'a>);

impl ToSql for SqliteValue<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match &self.0 {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*b))),
            Value::I64(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            Value::Text(text) | Value::Json(text) => {
                ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes()))
            }
            Value::Bytes(bytes) => ToSqlOutput::Borrowed(ValueRef::Blob(bytes)),
            Value::Uuid(id) => ToSqlOutput::Borrowed(ValueRef::Blob(id.as_bytes())),
            Value::Timestamp(at) => ToSqlOutput::Borrowed(ValueRef::Integer(at.unix_ms())),
            Value::Date(date) => ToSqlOutput::Owned(rusqlite::types::Value::Text(date.to_string())),
        })
    }
}

struct SqliteRow<'r, 's>(&'r rusqlite::Row<'s>);

impl SqliteRow<'_, '_> {
    fn value(&self, index: usize) -> Result<ValueRef<'_>, StoreError> {
        self.0.get_ref(index).map_err(store_error)
    }
}

fn wrong_type(index: usize, expected: &str) -> StoreError {
    StoreError::Other(format!("column {index} is not {expected}"))
}

impl Row for SqliteRow<'_, '_> {
    fn uuid(&self, index: usize) -> Result<Uuid, StoreError> {
        self.opt_uuid(index)?.ok_or_else(|| null_column(index))
    }

    fn opt_uuid(&self, index: usize) -> Result<Option<Uuid>, StoreError> {
        match self.value(index)? {
            ValueRef::Null => Ok(None),
            ValueRef::Blob(bytes) => Uuid::from_slice(bytes)
                .map(Some)
                .map_err(|_| wrong_type(index, "a 16-byte UUID")),
            _ => Err(wrong_type(index, "a UUID")),
        }
    }

    fn text(&self, index: usize) -> Result<String, StoreError> {
        self.opt_text(index)?.ok_or_else(|| null_column(index))
    }

    fn opt_text(&self, index: usize) -> Result<Option<String>, StoreError> {
        match self.value(index)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(bytes) => String::from_utf8(bytes.to_vec())
                .map(Some)
                .map_err(|_| wrong_type(index, "UTF-8 text")),
            _ => Err(wrong_type(index, "text")),
        }
    }

    fn i64(&self, index: usize) -> Result<i64, StoreError> {
        match self.value(index)? {
            ValueRef::Integer(n) => Ok(n),
            ValueRef::Null => Err(null_column(index)),
            _ => Err(wrong_type(index, "an integer")),
        }
    }

    fn opt_bool(&self, index: usize) -> Result<Option<bool>, StoreError> {
        match self.value(index)? {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(n) => Ok(Some(n != 0)),
            _ => Err(wrong_type(index, "a 0/1 boolean")),
        }
    }

    fn timestamp(&self, index: usize) -> Result<Timestamp, StoreError> {
        self.i64(index).map(Timestamp::from_unix_ms)
    }

    fn opt_timestamp(&self, index: usize) -> Result<Option<Timestamp>, StoreError> {
        match self.value(index)? {
            ValueRef::Null => Ok(None),
            _ => self.timestamp(index).map(Some),
        }
    }

    fn opt_date(&self, index: usize) -> Result<Option<Date>, StoreError> {
        let Some(text) = self.opt_text(index)? else {
            return Ok(None);
        };
        Date::parse(&text, format_description!("[year]-[month]-[day]"))
            .map(Some)
            .map_err(|_| wrong_type(index, "a YYYY-MM-DD date"))
    }

    fn opt_bytes(&self, index: usize) -> Result<Option<Vec<u8>>, StoreError> {
        match self.value(index)? {
            ValueRef::Null => Ok(None),
            ValueRef::Blob(bytes) => Ok(Some(bytes.to_vec())),
            _ => Err(wrong_type(index, "bytes")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sqlite_placeholders;

    #[test]
    fn placeholders_become_sqlite_numbered_parameters() {
        assert_eq!(
            sqlite_placeholders("UPDATE t SET a = $3 WHERE b = $1 AND c = $12"),
            "UPDATE t SET a = ?3 WHERE b = ?1 AND c = ?12"
        );
        assert_eq!(
            sqlite_placeholders("SELECT '$' || x FROM t"),
            "SELECT '$' || x FROM t"
        );
    }
}
