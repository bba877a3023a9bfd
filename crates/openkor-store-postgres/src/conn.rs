//! One pooled PostgreSQL connection as a [`Conn`]: statements prepared once per connection and
//! cached, so a one-statement read is one round trip.

use crate::error::store_error;
use bytes::BytesMut;
use deadpool_postgres::Object;
use openkor_domain::clock::Timestamp;
use openkor_store::StoreError;
use openkor_store::db::{Conn, Decode, Dialect, Row, Value, null_column};
use postgres_types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use std::error::Error;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Statements kept per connection before the cache is emptied (list filters combine into many
/// shapes; everything else is a fixed set).
const STATEMENT_CACHE_MAX: usize = 512;

/// A connection taken from the pool for one unit of work.
pub struct PgConn {
    client: Option<Object>,
    /// A db transaction is open and not yet ended: if the unit of work is dropped half-way (its
    /// request timed out), the connection is closed rather than returned to the pool mid-way.
    in_transaction: bool,
}

impl PgConn {
    pub(crate) fn new(client: Object) -> Self {
        Self {
            client: Some(client),
            in_transaction: false,
        }
    }

    fn client(&self) -> Result<&Object, StoreError> {
        self.client
            .as_ref()
            .ok_or_else(|| StoreError::Other("the connection was released".into()))
    }

    pub(crate) async fn begin(&mut self, sql: &str) -> Result<(), StoreError> {
        // Marked before `BEGIN` is sent: a unit of work dropped while `BEGIN` is in flight (its
        // request was cancelled) must not return the connection to the pool inside a db
        // transaction the server opened anyway. A failed `BEGIN` discards the connection too.
        self.in_transaction = true;
        self.client()?.batch_execute(sql).await.map_err(store_error)
    }

    pub(crate) async fn end(&mut self, commit: bool) -> Result<(), StoreError> {
        let sql = if commit { "COMMIT" } else { "ROLLBACK" };
        self.client()?
            .batch_execute(sql)
            .await
            .map_err(store_error)?;
        self.in_transaction = false;
        Ok(())
    }

    async fn statement(&self, sql: &str) -> Result<tokio_postgres::Statement, StoreError> {
        let client = self.client()?;
        if client.statement_cache.size() >= STATEMENT_CACHE_MAX {
            client.statement_cache.clear();
        }
        client.prepare_cached(sql).await.map_err(store_error)
    }
}

impl Drop for PgConn {
    fn drop(&mut self) {
        if self.in_transaction
            && let Some(client) = self.client.take()
        {
            // Detached from the pool and dropped: the server rolls the transaction back.
            drop(Object::take(client));
        }
    }
}

fn pg_params<'v>(params: &'v [Value<'v>]) -> Vec<PgValue<'v>> {
    params.iter().map(|value| PgValue(*value)).collect()
}

impl Conn for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64, StoreError> {
        let statement = self.statement(sql).await?;
        let values = pg_params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        self.client()?
            .execute(&statement, &refs)
            .await
            .map_err(store_error)
    }

    async fn query<T: Send>(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        decode: Decode<'_, T>,
    ) -> Result<Vec<T>, StoreError> {
        let statement = self.statement(sql).await?;
        let values = pg_params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        let rows = self
            .client()?
            .query(&statement, &refs)
            .await
            .map_err(store_error)?;
        rows.iter().map(|row| decode(&PgRow(row))).collect()
    }

    async fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.client()?.batch_execute(sql).await.map_err(store_error)
    }
}

/// A [`Value`] in PostgreSQL's types, converted to whatever the placeholder's type is.
struct PgValue<'a>(Value<'a>);

/// tokio-postgres logs every statement's parameters with `{:?}` at debug level: values are
/// personal data, so only their kind is printed.
impl std::fmt::Debug for PgValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.0 {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::I64(_) => "int8",
            Value::Text(_) => "text",
            Value::Json(_) => "json",
            Value::Bytes(_) => "bytes",
            Value::Uuid(_) => "uuid",
            Value::Timestamp(_) => "timestamp",
            Value::Date(_) => "date",
        };
        write!(f, "<{kind}>")
    }
}

type BoxError = Box<dyn Error + Sync + Send>;

impl ToSql for PgValue<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Bool(b) => b.to_sql_checked(ty, out),
            Value::I64(n) if *ty == Type::INT4 => i32::try_from(n)?.to_sql_checked(ty, out),
            Value::I64(n) if *ty == Type::INT2 => i16::try_from(n)?.to_sql_checked(ty, out),
            Value::I64(n) => n.to_sql_checked(ty, out),
            Value::Text(text) => text.to_sql_checked(ty, out),
            Value::Json(text) if *ty == Type::JSONB => {
                // jsonb's binary format: a version byte, then the text.
                out.extend_from_slice(&[1]);
                out.extend_from_slice(text.as_bytes());
                Ok(IsNull::No)
            }
            Value::Json(text) if *ty == Type::JSON => {
                out.extend_from_slice(text.as_bytes());
                Ok(IsNull::No)
            }
            Value::Json(text) => text.to_sql_checked(ty, out),
            Value::Bytes(bytes) => bytes.to_sql_checked(ty, out),
            Value::Uuid(id) => id.to_sql_checked(ty, out),
            Value::Timestamp(at) => at.to_offset_date_time().to_sql_checked(ty, out),
            Value::Date(date) => date.to_sql_checked(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Text of a `text`, `json` or `jsonb` column.
struct AnyText(String);

impl<'a> FromSql<'a> for AnyText {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        let raw = if *ty == Type::JSONB {
            raw.split_first()
                .filter(|(version, _)| **version == 1)
                .map(|(_, text)| text)
                .ok_or("unknown jsonb version")?
        } else {
            raw
        };
        Ok(AnyText(std::str::from_utf8(raw)?.to_owned()))
    }

    fn accepts(ty: &Type) -> bool {
        <&str as FromSql>::accepts(ty) || *ty == Type::JSON || *ty == Type::JSONB
    }
}

/// A 64-bit integer from any integer column.
struct AnyInt(i64);

impl<'a> FromSql<'a> for AnyInt {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(AnyInt(match *ty {
            Type::INT2 => i64::from(i16::from_sql(ty, raw)?),
            Type::INT4 => i64::from(i32::from_sql(ty, raw)?),
            _ => i64::from_sql(ty, raw)?,
        }))
    }

    fn accepts(ty: &Type) -> bool {
        matches!(*ty, Type::INT2 | Type::INT4 | Type::INT8)
    }
}

struct PgRow<'r>(&'r tokio_postgres::Row);

impl PgRow<'_> {
    fn get<'a, T: FromSql<'a>>(&'a self, index: usize) -> Result<T, StoreError> {
        self.0
            .try_get(index)
            .map_err(|e| StoreError::Other(format!("column {index}: {e}")))
    }
}

impl Row for PgRow<'_> {
    fn uuid(&self, index: usize) -> Result<Uuid, StoreError> {
        self.opt_uuid(index)?.ok_or_else(|| null_column(index))
    }

    fn opt_uuid(&self, index: usize) -> Result<Option<Uuid>, StoreError> {
        self.get(index)
    }

    fn text(&self, index: usize) -> Result<String, StoreError> {
        self.opt_text(index)?.ok_or_else(|| null_column(index))
    }

    fn opt_text(&self, index: usize) -> Result<Option<String>, StoreError> {
        Ok(self.get::<Option<AnyText>>(index)?.map(|text| text.0))
    }

    fn i64(&self, index: usize) -> Result<i64, StoreError> {
        self.get::<Option<AnyInt>>(index)?
            .map(|n| n.0)
            .ok_or_else(|| null_column(index))
    }

    fn opt_bool(&self, index: usize) -> Result<Option<bool>, StoreError> {
        self.get(index)
    }

    fn timestamp(&self, index: usize) -> Result<Timestamp, StoreError> {
        self.opt_timestamp(index)?.ok_or_else(|| null_column(index))
    }

    fn opt_timestamp(&self, index: usize) -> Result<Option<Timestamp>, StoreError> {
        Ok(self
            .get::<Option<OffsetDateTime>>(index)?
            .map(Timestamp::from_offset_date_time))
    }

    fn opt_date(&self, index: usize) -> Result<Option<Date>, StoreError> {
        self.get(index)
    }

    fn opt_bytes(&self, index: usize) -> Result<Option<Vec<u8>>, StoreError> {
        self.get(index)
    }
}
