//! Page ends kept in the database (`page_ends`, PostgreSQL's migration 0017), for a database
//! several processes share (see [`super::cursors`]): the sort key a page's last row had, under
//! the position of the page after it, with an expiry. Sort keys are stored as a JSON array
//! whose elements name their type (`{"text": …}`, `{"uuid": …}`, `{"unixMs": …}`,
//! `{"i64": …}`, `{"bool": …}`, or `null`), so a key reads back as exactly the value written.

use super::cursors::{CURSOR_TTL_MS, PagePosition};
use crate::StoreError;
use crate::db::{Conn, Row};
use crate::params;
use crate::sql::{KeyValues, SqlValue};
use openkor_domain::clock::Timestamp;
use serde_json::{Value as Json, json};
use uuid::Uuid;

/// Expired rows each write removes at most (rows held by another writer are left to it).
const EXPIRED_PER_WRITE: i64 = 64;

const START_OF: &str =
    "SELECT after_keys FROM page_ends WHERE position = $1 AND expires_at > now()";

/// Keeps a page end, replacing an older one of the same position, and removes a few expired
/// rows. An UNLOGGED table: its commit does not wait for the WAL to reach the disk.
const KEEP: &str = "WITH expired AS ( \
         DELETE FROM page_ends WHERE position IN ( \
             SELECT position FROM page_ends WHERE expires_at <= now() \
             ORDER BY expires_at LIMIT $4 FOR UPDATE SKIP LOCKED)) \
     INSERT INTO page_ends (position, after_keys, expires_at) \
     VALUES ($1, $2, now() + $3::bigint * interval '1 millisecond') \
     ON CONFLICT (position) DO UPDATE \
         SET after_keys = excluded.after_keys, expires_at = excluded.expires_at";

/// The sort key after which `position` starts, if a page before it was served (by any
/// process) within the expiry. A stored key that does not read back is no key: the page is
/// then read at its offset.
pub(super) async fn start_of<C: Conn>(
    conn: &mut C,
    position: PagePosition,
) -> Result<Option<KeyValues>, StoreError> {
    let text = conn
        .query_opt(START_OF, &params![position.id()], &mut |row: &dyn Row| {
            row.text(0)
        })
        .await?;
    Ok(text.and_then(|text| decode_values(&text)))
}

/// Keeps `after` as where `position` starts.
pub(super) async fn keep<C: Conn>(
    conn: &mut C,
    position: PagePosition,
    after: &KeyValues,
) -> Result<(), StoreError> {
    let ttl_ms = i64::try_from(CURSOR_TTL_MS).unwrap_or(i64::MAX);
    let text = encode_keys(after);
    conn.execute(
        KEEP,
        &params![position.id(), text.as_str(), ttl_ms, EXPIRED_PER_WRITE],
    )
    .await
    .map(|_| ())
}

/// `values` as a JSON array (also what a page position hashes its filter values as).
pub(crate) fn encode_values(values: &[SqlValue]) -> String {
    Json::Array(values.iter().map(encode_value).collect()).to_string()
}

fn encode_keys(keys: &KeyValues) -> String {
    let elements = keys
        .iter()
        .map(|key| key.as_ref().map_or(Json::Null, encode_value));
    Json::Array(elements.collect()).to_string()
}

fn encode_value(value: &SqlValue) -> Json {
    match value {
        SqlValue::Text(text) => json!({ "text": text }),
        SqlValue::Uuid(id) => json!({ "uuid": id.to_string() }),
        SqlValue::Timestamp(at) => json!({ "unixMs": at.unix_ms() }),
        SqlValue::I64(value) => json!({ "i64": value }),
        SqlValue::Bool(value) => json!({ "bool": value }),
    }
}

fn decode_values(text: &str) -> Option<KeyValues> {
    let Json::Array(elements) = serde_json::from_str(text).ok()? else {
        return None;
    };
    elements
        .iter()
        .map(|element| match element {
            Json::Null => Some(None),
            element => decode_value(element).map(Some),
        })
        .collect()
}

fn decode_value(element: &Json) -> Option<SqlValue> {
    let Json::Object(fields) = element else {
        return None;
    };
    let (kind, value) = fields.iter().next().filter(|_| fields.len() == 1)?;
    match kind.as_str() {
        "text" => value.as_str().map(|text| SqlValue::Text(text.to_owned())),
        "uuid" => value
            .as_str()
            .and_then(|id| Uuid::parse_str(id).ok())
            .map(SqlValue::Uuid),
        "unixMs" => value
            .as_i64()
            .map(|ms| SqlValue::Timestamp(Timestamp::from_unix_ms(ms))),
        "i64" => value.as_i64().map(SqlValue::I64),
        "bool" => value.as_bool().map(SqlValue::Bool),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_value() -> impl Strategy<Value = SqlValue> {
        prop_oneof![
            any::<String>().prop_map(SqlValue::Text),
            any::<u128>().prop_map(|bits| SqlValue::Uuid(Uuid::from_u128(bits))),
            any::<i64>().prop_map(|ms| SqlValue::Timestamp(Timestamp::from_unix_ms(ms))),
            any::<i64>().prop_map(SqlValue::I64),
            any::<bool>().prop_map(SqlValue::Bool),
        ]
    }

    proptest! {
        #[test]
        fn a_sort_key_reads_back_as_written(
            keys in proptest::collection::vec(proptest::option::of(any_value()), 0..6)
        ) {
            prop_assert_eq!(decode_values(&encode_keys(&keys)), Some(keys));
        }
    }

    #[test]
    fn what_is_not_a_key_reads_as_none() {
        for text in [
            "",
            "{}",
            "[1]",
            r#"[{"text": 1}]"#,
            r#"[{"i64": 1, "bool": true}]"#,
        ] {
            assert_eq!(decode_values(text), None, "{text}");
        }
    }
}
