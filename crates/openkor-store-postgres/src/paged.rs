//! Running the two statements of a page of a tenant-scoped list in one read transaction.

use crate::bind;
use crate::error::store_error;
use openkor_store::StoreError;
use openkor_store::sql::{PageStatements, SqlValue};
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, PgConnection, Row};
use uuid::Uuid;

/// The rows of one page and the total over all pages.
pub(crate) async fn fetch_page(
    connection: &mut PgConnection,
    scope: Uuid,
    statements: PageStatements,
    values: &[SqlValue],
    size: u32,
    offset: u64,
) -> Result<(Vec<PgRow>, u64), StoreError> {
    let total: i64 = bind::values(
        sqlx::query(AssertSqlSafe(statements.count)).bind(scope),
        values,
    )
    .fetch_one(&mut *connection)
    .await
    .and_then(|row| row.try_get("total"))
    .map_err(store_error)?;
    let rows = bind::values(
        sqlx::query(AssertSqlSafe(statements.select)).bind(scope),
        values,
    )
    .bind(i64::from(size))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(&mut *connection)
    .await
    .map_err(store_error)?;
    Ok((rows, u64::try_from(total).unwrap_or_default()))
}
