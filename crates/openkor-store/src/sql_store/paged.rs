//! One page of a tenant-scoped list: its rows and a capped count, from the list's table,
//! filter conditions and sort (run inside a snapshot, so the page and its count agree). A page
//! is the continuation of the page before it when that page's end is recorded (see
//! [`super::cursors`]), otherwise it is read at its offset, at most `OFFSET_MAX` rows deep
//! (see [`crate::sql::OFFSET_MAX`]).

use super::cursors::{PagePosition, PageTurn};
use crate::StoreError;
use crate::db::{Conn, Decode, Row, Shifted, Value};
use crate::sql::{self, Conditions, PageShape, SortColumn};
use openkor_domain::paging::{Page, PageRequest};
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
    /// The page of `request`, sorted by `request`'s keys through `column` with `tie_break`'s
    /// columns last, decoded, with the number of rows matching over all pages (a lower bound beyond
    /// `COUNT_CAP`) and whether a later page holds more.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn page<C: Conn, T: Send, F: Copy>(
        &self,
        conn: &mut C,
        scope: Uuid,
        request: &PageRequest<F>,
        column: impl Fn(F) -> SortColumn,
        tie_break: sql::TieBreak,
        turn: &PageTurn,
        decode: Decode<'_, T>,
    ) -> Result<Page<T>, StoreError> {
        let keys = sql::sort_keys(request.sort(), column, tie_break);
        let order = sql::order_by_keys(&keys);
        let position = |page| {
            PagePosition::new(
                scope,
                self.from,
                &self.conditions,
                &order,
                request.size(),
                page,
            )
        };
        let cursors = turn.cursors();
        let after = match request.page() {
            0 => None,
            page => turn
                .start_of(conn, position(page))
                .await?
                .filter(|after| sql::fits(&keys, after)),
        };
        if after.is_none() && request.offset() > cursors.offset_max {
            return Err(StoreError::PageTooDeep {
                max_offset: cursors.offset_max,
            });
        }
        let shape = PageShape {
            from: self.from,
            alias: self.alias,
            columns: self.select,
            conditions: &self.conditions,
            keys: &keys,
        };
        let statements = sql::page_statements(&shape, after.as_deref(), cursors.count_cap);
        let mut params: Vec<Value<'_>> = Vec::with_capacity(self.conditions.values.len() + 8);
        params.push(scope.into());
        params.extend(self.conditions.values.iter().map(sql::SqlValue::value));
        let counted = conn
            .query_one(&statements.count, &params, &mut |row: &dyn Row| row.i64(0))
            .await?;
        params.extend(statements.after_values.iter().map(sql::SqlValue::value));
        params.push(i64::from(request.size() + 1).into());
        if after.is_none() {
            params.push(i64::try_from(request.offset()).unwrap_or(i64::MAX).into());
        }
        // The sort key is read only from the page's last row (the one before the extra row
        // that says whether more follow): the next page starts after it.
        let size = request.size() as usize;
        let (mut rows_read, mut last_key) = (0_usize, None);
        let mut items = conn
            .query(&statements.select, &params, &mut |row: &dyn Row| {
                rows_read += 1;
                if rows_read == size {
                    last_key = Some(sql::read_keys(row, &keys)?);
                }
                decode(&Shifted {
                    row,
                    by: keys.len(),
                })
            })
            .await?;
        let has_next = items.len() > size;
        items.truncate(size);
        if let Some(last) = last_key.filter(|_| has_next) {
            turn.record(position(request.page() + 1), last);
        }
        let shown = match items.len() {
            0 => 0,
            len => request.offset() + len as u64,
        };
        Ok(Page {
            total: total(u64::try_from(counted).unwrap_or_default(), shown, has_next),
            items,
            has_next,
        })
    }
}

/// `totalElements`: the rows counted (exact up to the cap, one more than the cap beyond), raised
/// to what this page proves: every row up to its last, and one more when a later page holds
/// more. So beyond the cap it is a lower bound that grows as the pages are walked.
fn total(counted: u64, shown: u64, has_next: bool) -> u64 {
    counted.max(shown + u64::from(has_next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::COUNT_CAP;

    #[test]
    fn the_total_is_the_count_raised_to_what_the_page_proves() {
        assert_eq!(total(57, 20, true), 57);
        assert_eq!(total(57, 57, false), 57);
        assert_eq!(total(COUNT_CAP + 1, 20, true), COUNT_CAP + 1);
        assert_eq!(total(COUNT_CAP + 1, 50_020, true), 50_021);
        assert_eq!(total(COUNT_CAP + 1, 50_007, false), 50_007);
        // A page past the end proves nothing.
        assert_eq!(total(12, 0, false), 12);
    }
}
