//! Conformance case: a search served by an index finds exactly what the documented substring
//! match finds. On SQLite the list reads its candidates from a trigram full-text table, which
//! folds case its own way; the exact `LIKE` then decides. For names in several scripts and
//! every term cut from them, in upper and lower case, the list must equal a plain
//! `contains` over the lower-case name and e-mail.

use super::customers::{create, tenant};
use super::fixtures::{self, T0};
use crate::Store;
use openkor_domain::customer::{CustomerFilter, SearchKeys, SearchTerm};
use openkor_domain::paging::PageRequest;
use std::collections::BTreeSet;
use uuid::Uuid;

/// First names that stress case folding and tokenising: accents, German sharp s, Turkish
/// dotted capital I, final sigma, a quote, LIKE's wildcards, an emoji, spaces.
const NAMES: [&str; 10] = [
    "Ñandú",
    "STRAßE",
    "İstanbul",
    "ΟΔΥΣΣΕΥΣ",
    "O\"Hara",
    "100%_off",
    "Zoë 🚀 Ray",
    "Ann Marie",
    "annmarie",
    "Bob",
];

/// Every term of two to five characters cut from `name`, in its own case and in upper case.
fn terms_of(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut terms = Vec::new();
    for length in 2..=5 {
        for window in chars.windows(length) {
            let term: String = window.iter().collect();
            if term.trim().is_empty() {
                continue;
            }
            terms.push(term.to_uppercase());
            terms.push(term);
        }
    }
    terms
}

/// A search finds exactly the customers whose lower-case name or e-mail contains the term (or
/// whose phone's digits contain a phone-like term's digits).
pub async fn a_search_served_by_an_index_finds_exactly_the_substring_matches(store: &dyn Store) {
    let scope = tenant(store, "Search").await;
    let other = tenant(store, "Elsewhere").await;
    let mut expected_keys = Vec::new();
    for (n, name) in NAMES.iter().enumerate() {
        let customer = fixtures::individual(scope, name, T0.plus_ms(n as i64));
        let keys = SearchKeys::of(&customer.data);
        expected_keys.push((customer.id.as_uuid(), keys));
        create(store, &customer).await;
        // The same name in another tenant: candidates from every tenant, rows from one.
        create(store, &fixtures::individual(other, name, T0)).await;
    }
    let request = PageRequest::new(0, 100, Vec::new()).expect("page request");
    let mut compared = 0;
    for term in NAMES.iter().flat_map(|name| terms_of(name)) {
        let search = SearchTerm::new(&term);
        let contains = |key: &Option<String>, part: &Option<String>| match (key, part) {
            (Some(key), Some(part)) => key.contains(part.as_str()),
            _ => false,
        };
        let expected: BTreeSet<Uuid> = expected_keys
            .iter()
            .filter(|(_, keys)| {
                keys.name.contains(&search.text)
                    || contains(&keys.email, &Some(search.text.clone()))
                    || contains(&keys.phone_digits, &search.phone_digits)
            })
            .map(|(id, _)| *id)
            .collect();
        let filter = CustomerFilter {
            search: Some(search),
            ..CustomerFilter::default()
        };
        let page = store
            .list_customers(scope, &filter, &request)
            .await
            .expect("list");
        let found: BTreeSet<Uuid> = page.items.iter().map(|c| c.id.as_uuid()).collect();
        assert_eq!(found, expected, "search {term:?}");
        compared += 1;
    }
    assert!(compared > 100, "{compared} terms compared");
}

/// Walks every page (of 3) of `scope`'s customers matching `filter`, newest first.
async fn walk<B: crate::db::Backend>(
    store: &crate::sql_store::SqlStore<B>,
    scope: openkor_domain::ids::BusinessAccountId,
    filter: &CustomerFilter,
) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for page in 0.. {
        let request = PageRequest::new(page, 3, Vec::new()).expect("page request");
        let found = crate::CustomerStore::list_customers(store, scope, filter, &request)
            .await
            .expect("page");
        ids.extend(found.items.iter().map(|customer| customer.id.as_uuid()));
        if !found.has_next {
            return ids;
        }
    }
    ids
}

/// A list reads the same rows, in the same order, whether it reads its search or address
/// candidates first (few match) or walks its own order (more than the candidates' cap match):
/// on SQLite those are two different statements; PostgreSQL has one.
pub async fn lists_read_the_same_rows_whether_candidates_are_few_or_many<
    B: crate::db::Backend + Clone,
>(
    store: &crate::sql_store::SqlStore<B>,
) {
    let scope = tenant(store, "Harbor").await;
    let other = tenant(store, "Elsewhere").await;
    for n in 0..10_i64 {
        let name = if n % 2 == 0 { "Harborview" } else { "Quayside" };
        let mut customer = fixtures::individual(scope, &format!("{name}{n}"), T0.plus_ms(n));
        // Every customer has three addresses; the even ones two of them in Springfield.
        if n % 2 == 0 {
            for address in &mut customer.data.addresses[..2] {
                address.city_name = Some("Springfield".into());
                address.zip_code = "65801".into();
            }
        }
        create(store, &customer).await;
        create(store, &fixtures::individual(other, name, T0)).await;
    }
    let filters = [
        CustomerFilter {
            search: Some(SearchTerm::new("harbor")),
            ..CustomerFilter::default()
        },
        CustomerFilter {
            name: Some("quay".into()),
            ..CustomerFilter::default()
        },
        CustomerFilter {
            city_name: Some("springfield".into()),
            ..CustomerFilter::default()
        },
        CustomerFilter {
            city_name: Some("greenville".into()),
            zip_code: Some("63368".into()),
            country_code: Some("USA".into()),
            ..CustomerFilter::default()
        },
        CustomerFilter {
            search: Some(SearchTerm::new("quay")),
            city_name: Some("springfield".into()),
            ..CustomerFilter::default()
        },
    ];
    let few = store.clone();
    let many = store.clone().with_candidates_max(1);
    for filter in filters {
        let read_first = walk(&few, scope, &filter).await;
        let walked = walk(&many, scope, &filter).await;
        assert_eq!(read_first, walked, "{filter:?}");
        let unique: BTreeSet<&Uuid> = read_first.iter().collect();
        assert_eq!(
            unique.len(),
            read_first.len(),
            "each customer once: {filter:?}"
        );
    }
    let springfield = CustomerFilter {
        city_name: Some("springfield".into()),
        ..CustomerFilter::default()
    };
    assert_eq!(walk(&few, scope, &springfield).await.len(), 5);
}
