//! Running the two statements of a page of a tenant-scoped list (inside a snapshot, so the page
//! and its total agree).

use crate::StoreError;
use crate::db::{Conn, Decode, Row, Value};
use crate::sql::{PageStatements, SqlValue};
use uuid::Uuid;

/// The rows of one page, decoded, and the total over all pages.
pub(crate) async fn fetch_page<C: Conn, T: Send>(
    conn: &mut C,
    scope: Uuid,
    statements: &PageStatements,
    values: &[SqlValue],
    size: u32,
    offset: u64,
    decode: Decode<'_, T>,
) -> Result<(Vec<T>, u64), StoreError> {
    let mut params: Vec<Value<'_>> = Vec::with_capacity(values.len() + 3);
    params.push(scope.into());
    params.extend(values.iter().map(SqlValue::value));
    let total = conn
        .query_one(&statements.count, &params, &mut |row: &dyn Row| row.i64(0))
        .await?;
    params.push(i64::from(size).into());
    params.push(i64::try_from(offset).unwrap_or(i64::MAX).into());
    let rows = conn.query(&statements.select, &params, decode).await?;
    Ok((rows, u64::try_from(total).unwrap_or_default()))
}
