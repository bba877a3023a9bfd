//! Conformance cases: paging at any size. Pages walked in order are continuations (keyset
//! bounds), so rows arriving meanwhile never repeat or hide a row; totals beyond the count cap
//! are lower bounds; pages deeper than the offset cap are served only as continuations.

use super::customers::{create, tenant};
use super::fixtures::{self, T0};
use crate::db::{Backend, Conn};
use crate::sql_store::SqlStore;
use crate::{CustomerStore, StoreError};
use openkor_domain::customer::{CustomerFilter, CustomerSortField as Field};
use openkor_domain::ids::{BusinessAccountId, CustomerId};
use openkor_domain::paging::{Page, PageRequest, SortDirection, SortKey};
use std::collections::HashSet;

async fn page_of<B: Backend>(
    store: &SqlStore<B>,
    scope: BusinessAccountId,
    direction: SortDirection,
    page: u32,
    size: u32,
) -> Result<Page<CustomerId>, StoreError> {
    let sort = vec![SortKey {
        field: Field::CreatedAt,
        direction,
    }];
    let request = PageRequest::new(page, size, sort).expect("valid");
    let found = store
        .list_customers(scope, &CustomerFilter::default(), &request)
        .await?;
    Ok(found.map(|customer| customer.id))
}

/// Creates `count` customers of `scope`, one a millisecond from `first_ms` after `T0`.
async fn customers<B: Backend>(
    store: &SqlStore<B>,
    scope: BusinessAccountId,
    first_ms: i64,
    count: i64,
) -> Vec<CustomerId> {
    let mut ids = Vec::new();
    for i in 0..count {
        let mut customer =
            fixtures::business(scope, &format!("Customer {i}"), T0.plus_ms(first_ms + i));
        customer.data.external_id = None;
        create(store, &customer).await;
        ids.push(customer.id);
    }
    ids
}

/// Walking newest-first while newer rows are created between pages returns exactly the rows
/// that existed when the walk began, each once; walking oldest-first returns each of them
/// once, in order, and the new rows after them.
pub async fn pages_walked_in_order_neither_repeat_nor_miss_while_rows_arrive<B: Backend>(
    store: &SqlStore<B>,
) {
    let scope = tenant(store, "Acme").await;
    let existing = customers(store, scope, 0, 23).await;
    for direction in [SortDirection::Desc, SortDirection::Asc] {
        let mut walked = Vec::new();
        let mut arrived = Vec::new();
        for page in 0.. {
            let found = page_of(store, scope, direction, page, 4)
                .await
                .expect("page");
            walked.extend(found.items);
            if !found.has_next {
                break;
            }
            let at = 1_000 + i64::try_from(arrived.len()).expect("small");
            arrived.extend(customers(store, scope, at, 2).await);
        }
        let unique: HashSet<&CustomerId> = walked.iter().collect();
        assert_eq!(unique.len(), walked.len(), "no row twice ({direction:?})");
        match direction {
            SortDirection::Desc => {
                let newest_first: Vec<CustomerId> = existing.iter().rev().copied().collect();
                assert_eq!(walked, newest_first);
            }
            SortDirection::Asc => {
                assert_eq!(walked[..existing.len()], existing[..]);
                let before: HashSet<CustomerId> = existing.iter().copied().collect();
                assert!(
                    walked[existing.len()..]
                        .iter()
                        .all(|id| !before.contains(id))
                );
            }
        }
    }
}

/// Beyond the count cap the total is a lower bound that grows as pages are walked, exact on
/// the last page; a page deeper than the offset cap is refused unless it continues the page
/// before it, and then it is served however deep it is.
pub async fn deep_pages_are_continuations_and_totals_lower_bounds<B: Backend + Clone>(
    store: &SqlStore<B>,
) {
    let store = store.clone().with_paging_caps(10, 12);
    let scope = tenant(&store, "Acme").await;
    let existing = customers(&store, scope, 0, 27).await;
    let first = page_of(&store, scope, SortDirection::Asc, 0, 5)
        .await
        .expect("first");
    assert_eq!((first.total, first.has_next), (11, true));
    let jump = page_of(&store, scope, SortDirection::Asc, 3, 5).await;
    assert!(
        matches!(jump, Err(StoreError::PageTooDeep { max_offset: 12 })),
        "{jump:?}"
    );
    let mut walked = first.items;
    let mut totals = vec![first.total];
    for page in 1..=5 {
        let found = page_of(&store, scope, SortDirection::Asc, page, 5)
            .await
            .expect("page");
        walked.extend(found.items);
        totals.push(found.total);
        assert_eq!(found.has_next, page < 5);
    }
    assert_eq!(walked, existing);
    assert_eq!(totals, [11, 11, 16, 21, 26, 27]);
    // A page read again is the same continuation.
    let again = page_of(&store, scope, SortDirection::Asc, 5, 5)
        .await
        .expect("again");
    assert_eq!(again.items, existing[25..]);
}

/// Two processes serving one database (`first` and `second`, each with its own connections
/// and memory): a client whose page requests alternate between them walks newest-first past
/// the offset cap while newer rows arrive, and gets exactly the rows that existed when the
/// walk began, each once. Only for a backend that keeps page ends in the database.
pub async fn walks_continue_across_processes_sharing_the_database<B: Backend + Clone>(
    first: &SqlStore<B>,
    second: &SqlStore<B>,
) {
    let stores = [
        first.clone().with_paging_caps(10, 12),
        second.clone().with_paging_caps(10, 12),
    ];
    let scope = tenant(&stores[0], "Acme").await;
    let existing = customers(&stores[0], scope, 0, 27).await;
    let mut walked = Vec::new();
    for page in 0_u32.. {
        let store = &stores[page as usize % 2];
        let found = page_of(store, scope, SortDirection::Desc, page, 5)
            .await
            .expect("every page continues the one before, whichever process served it");
        walked.extend(found.items);
        if !found.has_next {
            break;
        }
        let at = 1_000 + i64::from(page) * 2;
        customers(&stores[1 - page as usize % 2], scope, at, 2).await;
    }
    let newest_first: Vec<CustomerId> = existing.iter().rev().copied().collect();
    assert_eq!(walked, newest_first);
}

/// A page end kept in the database serves for five minutes only: once expired, the page after
/// it is read at its offset, so a page past the offset cap is refused again. Only for a
/// backend that keeps page ends in the database.
pub async fn an_expired_page_end_is_no_continuation<B: Backend + Clone>(store: &SqlStore<B>) {
    let store = store.clone().with_paging_caps(10, 4);
    let scope = tenant(&store, "Acme").await;
    customers(&store, scope, 0, 12).await;
    for page in 0..2 {
        page_of(&store, scope, SortDirection::Asc, page, 4)
            .await
            .expect("within the offset cap");
    }
    store
        .backend()
        .write(|conn| {
            Box::pin(async move {
                conn.execute_batch("UPDATE page_ends SET expires_at = now() - interval '1 second'")
                    .await
            })
        })
        .await
        .expect("expired");
    let deep = page_of(&store, scope, SortDirection::Asc, 2, 4).await;
    assert!(
        matches!(deep, Err(StoreError::PageTooDeep { max_offset: 4 })),
        "{deep:?}"
    );
}
