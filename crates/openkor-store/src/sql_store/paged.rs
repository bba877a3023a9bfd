//! One page of a tenant-scoped list: its count and its rows, from the list's table, filter
//! conditions and sort (run inside a snapshot, so the page and its total agree).

use crate::StoreError;
use crate::db::{Conn, Decode, Row, Value};
use crate::sql::{self, Conditions, SortColumn, SqlValue};
use openkor_domain::paging::PageRequest;
use uuid::Uuid;

/// What a list reads: `from` (`table alias`), whose `alias.business_account_id` is the scope,
/// the `select` list, and the filter `conditions` (placeholders numbered from 2).
pub(crate) struct ListQuery<'q> {
    pub(crate) from: &'q str,
    pub(crate) alias: &'q str,
    pub(crate) select: &'q str,
    pub(crate) conditions: Conditions,
}

impl ListQuery<'_> {
    /// The rows of `request`'s page, sorted by `request`'s keys through `column` with `tie_break`
    /// last, decoded, and the total over all pages.
    pub(crate) async fn page<C: Conn, T: Send, F: Copy>(
        &self,
        conn: &mut C,
        scope: Uuid,
        request: &PageRequest<F>,
        column: impl Fn(F) -> SortColumn,
        tie_break: &'static str,
        decode: Decode<'_, T>,
    ) -> Result<(Vec<T>, u64), StoreError> {
        let order_by = sql::order_by(request.sort(), column, tie_break);
        let statements = sql::page_statements(
            self.from,
            self.alias,
            self.select,
            &self.conditions,
            &order_by,
        );
        let mut params: Vec<Value<'_>> = Vec::with_capacity(self.conditions.values.len() + 3);
        params.push(scope.into());
        params.extend(self.conditions.values.iter().map(SqlValue::value));
        let total = conn
            .query_one(&statements.count, &params, &mut |row: &dyn Row| row.i64(0))
            .await?;
        params.push(i64::from(request.size()).into());
        params.push(i64::try_from(request.offset()).unwrap_or(i64::MAX).into());
        let rows = conn.query(&statements.select, &params, decode).await?;
        Ok((rows, u64::try_from(total).unwrap_or_default()))
    }
}
