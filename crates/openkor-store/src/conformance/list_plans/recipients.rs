//! The plan cases of the Recipient list.

use super::Case;
use super::list::{List, candidates};
use crate::db::Dialect;
use crate::sql::SortColumn;
use crate::sql::search::{Candidates, RECIPIENT_SEARCH, trigram_phrase};
use crate::sql_store::recipients::{self, SELECT, TIE_BREAK};
use openkor_domain::recipient::{RecipientFilter, RecipientSortField, RecipientState};

/// Each filter of the Recipient list: its label, the column its index must be constrained on,
/// and a filter setting it alone.
fn filters() -> Vec<(&'static str, &'static str, RecipientFilter)> {
    // A new field of the filter fails to compile here until it has a case below.
    let RecipientFilter {
        state: _,
        search: _,
    } = RecipientFilter::default();
    vec![
        (
            "state",
            "state",
            RecipientFilter {
                state: Some(RecipientState::Suspended),
                ..RecipientFilter::default()
            },
        ),
        (
            "search",
            "search_text",
            RecipientFilter {
                search: Some("sarah".into()),
                ..RecipientFilter::default()
            },
        ),
    ]
}

/// Every filter and sort of the Recipient list. On SQLite the `search` filter reads its
/// full-text candidates (as it does when they are few), each Recipient then found by its id.
pub(super) fn cases(dialect: Dialect) -> Vec<Case> {
    let column: fn(RecipientSortField) -> SortColumn = match dialect {
        Dialect::Postgres => |field| recipients::sort_column(field, true),
        Dialect::Sqlite => |field| recipients::sort_column(field, false),
    };
    let list = List {
        name: "recipients",
        table: "recipients",
        from: "recipients r",
        alias: "r",
        select: SELECT.as_str(),
        column,
        tie_break: TIE_BREAK,
        created_at: RecipientSortField::CreatedAt,
    };
    let mut all = Vec::new();
    for (label, column, filter) in filters() {
        let query = filter.search.as_deref().and_then(trigram_phrase);
        let candidates = candidates(dialect, RECIPIENT_SEARCH, query.map(|query| (query, None)));
        let conditions = recipients::conditions(&filter, 2, &candidates);
        all.push(list.searched(label, column, &candidates, &conditions));
    }
    let unfiltered = recipients::conditions(&RecipientFilter::default(), 2, &Candidates::Scan);
    all.extend(list.sorts(RecipientSortField::ALL, &unfiltered));
    all
}
