//! Conformance cases: customer lists — every filter, sorting and paging.

use super::customers::{create, ids, tenant};
use super::fixtures::{self, T0};
use crate::Store;
use openkor_domain::address::AddressType;
use openkor_domain::clock::Timestamp;
use openkor_domain::customer::{
    CustomerFilter, CustomerSortField as Field, CustomerStatus, CustomerType, SearchTerm,
};
use openkor_domain::ids::CustomerId;
use openkor_domain::paging::{PageRequest, SortDirection, SortKey};

/// Every filter narrows the list as documented, and filters combine with AND.
pub async fn filters_select_exactly_the_matching_customers(store: &dyn Store) {
    let scope = tenant(store, "Acme").await;
    let sarah = fixtures::individual(scope, "Sarah", T0);
    let mut sam = fixtures::individual(scope, "Sam", T0.plus_ms(86_400_000));
    sam.status = CustomerStatus::Suspended;
    sam.data.addresses[0].city_name = Some("Boston".into());
    sam.data.addresses[0].zip_code = "02110".into();
    let acme = fixtures::business(scope, "ACME 100%", T0.plus_ms(2 * 86_400_000));
    for customer in [&sarah, &sam, &acme] {
        create(store, customer).await;
    }
    let cases: Vec<(CustomerFilter, Vec<CustomerId>)> = vec![
        (
            CustomerFilter {
                search: Some(SearchTerm::new("SAR")),
                ..Default::default()
            },
            vec![sarah.id],
        ),
        (
            CustomerFilter {
                search: Some(SearchTerm::new("jill@acme")),
                ..Default::default()
            },
            vec![acme.id],
        ),
        (
            CustomerFilter {
                search: Some(SearchTerm::new("556 589")),
                ..Default::default()
            },
            vec![sarah.id, sam.id],
        ),
        (
            CustomerFilter {
                search: Some(SearchTerm::new(&sam.id.to_string())),
                ..Default::default()
            },
            vec![sam.id],
        ),
        (
            CustomerFilter {
                search: Some(SearchTerm::new("100%")),
                ..Default::default()
            },
            vec![acme.id],
        ),
        (
            CustomerFilter {
                search: Some(SearchTerm::new("_")),
                ..Default::default()
            },
            vec![],
        ),
        (
            CustomerFilter {
                name: Some("q green".into()),
                ..Default::default()
            },
            vec![sarah.id, sam.id],
        ),
        (
            CustomerFilter {
                primary_email: Some("sam@abc.com".into()),
                ..Default::default()
            },
            vec![sam.id],
        ),
        (
            CustomerFilter {
                primary_phone_number: Some("+15556589".into()),
                ..Default::default()
            },
            vec![sarah.id, sam.id],
        ),
        (
            CustomerFilter {
                external_id: Some("ext-ACME 100%".into()),
                ..Default::default()
            },
            vec![acme.id],
        ),
        (
            CustomerFilter {
                customer_type: Some(CustomerType::Business),
                ..Default::default()
            },
            vec![acme.id],
        ),
        (
            CustomerFilter {
                status: Some(CustomerStatus::Suspended),
                ..Default::default()
            },
            vec![sam.id],
        ),
        (
            CustomerFilter {
                city_name: Some("boston".into()),
                ..Default::default()
            },
            vec![sam.id],
        ),
        (
            CustomerFilter {
                zip_code: Some("63368".into()),
                ..Default::default()
            },
            vec![sarah.id, sam.id, acme.id],
        ),
        (
            CustomerFilter {
                city_name: Some("boston".into()),
                zip_code: Some("63368".into()),
                ..Default::default()
            },
            vec![],
        ),
        (
            CustomerFilter {
                country_code: Some("CAN".into()),
                ..Default::default()
            },
            vec![],
        ),
        (
            CustomerFilter {
                created_from: Some(T0.plus_ms(1)),
                created_before: Some(T0.plus_ms(2 * 86_400_000)),
                ..Default::default()
            },
            vec![sam.id],
        ),
        (
            // Open-ended bounds (a date past the calendar's end) stay at the far end.
            CustomerFilter {
                created_from: Some(Timestamp::from_unix_ms(i64::MAX)),
                ..Default::default()
            },
            vec![],
        ),
        (
            CustomerFilter {
                created_before: Some(Timestamp::from_unix_ms(i64::MAX)),
                created_from: Some(Timestamp::from_unix_ms(i64::MIN)),
                ..Default::default()
            },
            vec![sarah.id, sam.id, acme.id],
        ),
        (
            CustomerFilter {
                search: Some(SearchTerm::new("green")),
                status: Some(CustomerStatus::Active),
                ..Default::default()
            },
            vec![sarah.id],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(ids(store, scope, &filter).await, expected, "{filter:?}");
    }
}

/// A customer with several addresses matching an address filter appears once, whatever the
/// page size (a correlated EXISTS made SQLite repeat it across pages).
pub async fn a_customer_matching_through_several_addresses_appears_once(store: &dyn Store) {
    let scope = tenant(store, "Acme").await;
    let mut expected = Vec::new();
    for i in 0..12 {
        let mut customer = fixtures::individual(scope, &format!("N{i}"), T0.plus_ms(i));
        if i % 2 == 0 {
            customer.data.addresses = vec![
                fixtures::address(AddressType::Mailing, true),
                fixtures::address(AddressType::Physical, true),
            ];
        }
        create(store, &customer).await;
        expected.push(customer.id);
    }
    expected.reverse();
    let filter = CustomerFilter {
        zip_code: Some("63368".into()),
        ..CustomerFilter::default()
    };
    for size in 1..=5 {
        let mut walked = Vec::new();
        for page_index in 0..20 {
            let sort = vec![SortKey {
                field: Field::CreatedAt,
                direction: SortDirection::Desc,
            }];
            let request = PageRequest::new(page_index, size, sort).expect("valid");
            let found = store
                .list_customers(scope, &filter, &request)
                .await
                .expect("list");
            assert_eq!(found.total, 12);
            walked.extend(found.items.into_iter().map(|c| c.id));
        }
        assert_eq!(walked, expected, "page size {size}");
    }
}

/// Sorting is stable, NULL external ids sort first ascending and last descending, and pages
/// partition the result.
pub async fn customer_sorting_and_paging_agree_across_backends(store: &dyn Store) {
    let scope = tenant(store, "Acme").await;
    let mut expected = Vec::new();
    for (i, name) in ["b", "a", "c", "a", "B"].into_iter().enumerate() {
        let at = T0.plus_ms(i64::try_from(i / 2).expect("small"));
        let mut customer = fixtures::business(scope, name, at);
        customer.data.external_id = (i % 2 == 0).then(|| format!("x{i}"));
        create(store, &customer).await;
        expected.push(customer);
    }
    let list = |sort: Vec<(Field, SortDirection)>, page_index: u32, size: u32| {
        let sort: Vec<_> = sort
            .into_iter()
            .map(|(field, direction)| SortKey { field, direction })
            .collect();
        let request = PageRequest::new(page_index, size, sort).expect("valid");
        async move {
            store
                .list_customers(scope, &CustomerFilter::default(), &request)
                .await
                .expect("list")
        }
    };
    let by_name = list(vec![(Field::Name, SortDirection::Asc)], 0, 100).await;
    let names: Vec<String> = by_name
        .items
        .iter()
        .map(|c| c.data.display_name())
        .collect();
    // "b" and "B" tie case-insensitively; the id tie-break keeps creation order.
    assert_eq!(
        names,
        ["a", "a", "b", "B", "c"],
        "case-insensitive name order"
    );
    let by_external = list(vec![(Field::ExternalId, SortDirection::Asc)], 0, 100).await;
    assert!(by_external.items[0].data.external_id.is_none());
    assert!(by_external.items[1].data.external_id.is_none());
    let by_external_desc = list(vec![(Field::ExternalId, SortDirection::Desc)], 0, 100).await;
    assert_eq!(
        by_external_desc.items[0].data.external_id.as_deref(),
        Some("x4")
    );
    assert!(by_external_desc.items[4].data.external_id.is_none());
    let mut walked = Vec::new();
    for page_index in 0..3 {
        let found = list(vec![(Field::CreatedAt, SortDirection::Desc)], page_index, 2).await;
        assert_eq!(found.total, 5);
        walked.extend(found.items.into_iter().map(|c| c.id));
    }
    let mut newest_first: Vec<CustomerId> = expected.iter().map(|c| c.id).collect();
    newest_first.reverse();
    assert_eq!(walked, newest_first);
}
