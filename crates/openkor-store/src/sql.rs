//! SQL text shared by the backends: only clauses that are identical in SQLite and PostgreSQL.

use openkor_domain::paging::{SortDirection, SortKey};

/// `ORDER BY` for `sort`, mapping each whitelisted field to a column through `column`, with
/// `tie_break` (a unique, time-ordered column) last so that paging is stable. The tie-break runs
/// in the direction of the last key, so `createdAt,DESC` stays newest-first among rows created
/// in the same millisecond.
///
/// Every column name comes from `column`, a function over an enum, never from the request.
pub fn order_by<F: Copy>(
    sort: &[SortKey<F>],
    column: impl Fn(F) -> &'static str,
    tie_break: &'static str,
) -> String {
    let mut clauses: Vec<String> = sort
        .iter()
        .map(|key| format!("{} {}", column(key.field), key.direction.sql()))
        .collect();
    if !clauses
        .iter()
        .any(|clause| clause.starts_with(&format!("{tie_break} ")))
    {
        let direction = sort.last().map_or(SortDirection::Asc, |key| key.direction);
        clauses.push(format!("{tie_break} {}", direction.sql()));
    }
    format!("ORDER BY {}", clauses.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tie_break_column_is_appended_once() {
        let sort = [SortKey {
            field: "name",
            direction: SortDirection::Desc,
        }];
        assert_eq!(
            order_by(
                &sort,
                |f| if f == "name" { "t.name" } else { "t.id" },
                "t.id"
            ),
            "ORDER BY t.name DESC, t.id DESC"
        );
        let by_id = [SortKey {
            field: "id",
            direction: SortDirection::Desc,
        }];
        assert_eq!(order_by(&by_id, |_| "t.id", "t.id"), "ORDER BY t.id DESC");
        assert_eq!(order_by::<&str>(&[], |_| "x", "t.id"), "ORDER BY t.id ASC");
    }
}
