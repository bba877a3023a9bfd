//! A statement parameter, bound by each backend in its own column type.

use openkor_domain::clock::Timestamp;
use time::Date;
use uuid::Uuid;

/// One parameter of a statement. Borrowed where it can be, so binding a record copies nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// SQL NULL (of whatever type the placeholder has).
    Null,
    /// A boolean (SQLite: 0 or 1).
    Bool(bool),
    /// A 64-bit integer.
    I64(i64),
    /// Text.
    Text(&'a str),
    /// A JSON document as text (PostgreSQL: `jsonb` or `text`, as the column is).
    Json(&'a str),
    /// Bytes.
    Bytes(&'a [u8]),
    /// A UUID (SQLite: a 16-byte blob).
    Uuid(Uuid),
    /// An instant (SQLite: Unix milliseconds; PostgreSQL: `timestamptz`).
    Timestamp(Timestamp),
    /// A calendar date (SQLite: `YYYY-MM-DD` text; PostgreSQL: `date`).
    Date(Date),
}

impl From<bool> for Value<'_> {
    fn from(value: bool) -> Self {
        Value::Bool(value)
    }
}

impl From<Option<bool>> for Value<'_> {
    fn from(value: Option<bool>) -> Self {
        value.map_or(Value::Null, Value::Bool)
    }
}

impl From<i64> for Value<'_> {
    fn from(value: i64) -> Self {
        Value::I64(value)
    }
}

impl From<Option<i64>> for Value<'_> {
    fn from(value: Option<i64>) -> Self {
        value.map_or(Value::Null, Value::I64)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(value: &'a str) -> Self {
        Value::Text(value)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(value: &'a String) -> Self {
        Value::Text(value)
    }
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(value: Option<&'a str>) -> Self {
        value.map_or(Value::Null, Value::Text)
    }
}

impl<'a> From<&'a Option<String>> for Value<'a> {
    fn from(value: &'a Option<String>) -> Self {
        value.as_deref().map_or(Value::Null, Value::Text)
    }
}

impl<'a> From<&'a [u8]> for Value<'a> {
    fn from(value: &'a [u8]) -> Self {
        Value::Bytes(value)
    }
}

impl<'a> From<&'a Option<Vec<u8>>> for Value<'a> {
    fn from(value: &'a Option<Vec<u8>>) -> Self {
        value.as_deref().map_or(Value::Null, Value::Bytes)
    }
}

impl From<Uuid> for Value<'_> {
    fn from(value: Uuid) -> Self {
        Value::Uuid(value)
    }
}

impl From<Option<Uuid>> for Value<'_> {
    fn from(value: Option<Uuid>) -> Self {
        value.map_or(Value::Null, Value::Uuid)
    }
}

impl From<Timestamp> for Value<'_> {
    fn from(value: Timestamp) -> Self {
        Value::Timestamp(value)
    }
}

impl From<Option<Timestamp>> for Value<'_> {
    fn from(value: Option<Timestamp>) -> Self {
        value.map_or(Value::Null, Value::Timestamp)
    }
}

impl From<Option<Date>> for Value<'_> {
    fn from(value: Option<Date>) -> Self {
        value.map_or(Value::Null, Value::Date)
    }
}

impl<'a> From<&'a Value<'a>> for Value<'a> {
    fn from(value: &'a Value<'a>) -> Self {
        *value
    }
}
