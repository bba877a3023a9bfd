//! Conformance cases: customers, their contacts and addresses, filters and deletion.

use super::fixtures::{self, T0};
use crate::{Store, StoreError};
use openkor_domain::actor::Actor;
use openkor_domain::address::AddressType;
use openkor_domain::clock::Timestamp;
use openkor_domain::customer::{
    Customer, CustomerFilter, CustomerProfile, CustomerSortField as Field, CustomerStatus,
    CustomerType, SearchTerm,
};
use openkor_domain::ids::{BusinessAccountId, CustomerId};
use openkor_domain::paging::{PageRequest, SortDirection, SortKey};

async fn tenant(store: &dyn Store, name: &str) -> BusinessAccountId {
    let provisioning = fixtures::provisioning(name, None, T0);
    store.provision(&provisioning).await.expect("provision");
    provisioning.business_account.id
}

async fn create(store: &dyn Store, customer: &Customer) {
    store
        .create_customer(customer)
        .await
        .expect("create customer");
}

fn page(sort: &[(Field, SortDirection)]) -> PageRequest<Field> {
    let sort = sort
        .iter()
        .map(|&(field, direction)| SortKey { field, direction })
        .collect();
    PageRequest::new(0, 100, sort).expect("valid")
}

async fn ids(
    store: &dyn Store,
    scope: BusinessAccountId,
    filter: &CustomerFilter,
) -> Vec<CustomerId> {
    let found = store
        .list_customers(
            scope,
            filter,
            &page(&[(Field::CreatedAt, SortDirection::Asc)]),
        )
        .await
        .expect("list");
    assert_eq!(found.total as usize, found.items.len());
    found.items.iter().map(|c| c.id).collect()
}

/// Individual and business customers read back field for field, contacts and addresses in order.
pub async fn customers_read_back_exactly(store: &dyn Store) {
    let scope = tenant(store, "Acme").await;
    let person = fixtures::individual(scope, "Sarah", T0);
    let company = fixtures::business(scope, "ACME", T0.plus_ms(1));
    create(store, &person).await;
    create(store, &company).await;
    assert_eq!(
        store.get_customer(scope, person.id).await.expect("person"),
        person
    );
    assert_eq!(
        store
            .get_customer(scope, company.id)
            .await
            .expect("company"),
        company
    );
    let listed = store
        .list_customers(scope, &CustomerFilter::default(), &page(&[]))
        .await
        .expect("list");
    assert_eq!(listed.items, vec![person, company]);
}

/// A customer is visible only from its own Business Account: not from another tenant, not from
/// a parent or a child.
pub async fn customers_are_scoped_to_exactly_their_business_account(store: &dyn Store) {
    let parent = tenant(store, "Parent").await;
    let child_provisioning = fixtures::provisioning("Child", Some(parent), T0);
    store.provision(&child_provisioning).await.expect("child");
    let child = child_provisioning.business_account.id;
    let other = tenant(store, "Other").await;
    let customer = fixtures::individual(child, "Sarah", T0);
    create(store, &customer).await;
    for scope in [parent, other, BusinessAccountId::new()] {
        assert!(
            store
                .get_customer(scope, customer.id)
                .await
                .is_err_and(|e| e.is_not_found())
        );
        assert!(
            ids(store, scope, &CustomerFilter::default())
                .await
                .is_empty()
        );
        let deleted = store
            .delete_customer(scope, customer.id, Actor::INTERNAL, T0)
            .await;
        assert!(deleted.is_err_and(|e| e.is_not_found()));
    }
    let mut foreign = customer.clone();
    foreign.business_account_id = other;
    foreign.version = 2;
    let outcome = store.update_customer(&foreign, 1).await;
    assert!(outcome.is_err_and(|e| e.is_not_found()));
    assert_eq!(
        store.get_customer(child, customer.id).await.expect("own"),
        customer
    );
}

/// External ids are unique among the live customers of one Business Account.
pub async fn external_ids_are_unique_among_live_customers(store: &dyn Store) {
    let scope = tenant(store, "Acme").await;
    let other = tenant(store, "Other").await;
    let first = fixtures::business(scope, "One", T0);
    create(store, &first).await;
    let mut duplicate = fixtures::business(scope, "Two", T0);
    duplicate.data.external_id = first.data.external_id.clone();
    let outcome = store.create_customer(&duplicate).await;
    assert!(
        matches!(&outcome, Err(StoreError::Conflict(what)) if what == "externalId"),
        "{outcome:?}"
    );
    let mut elsewhere = duplicate.clone();
    elsewhere.id = CustomerId::new();
    elsewhere.business_account_id = other;
    create(store, &elsewhere).await;
    store
        .delete_customer(scope, first.id, Actor::INTERNAL, T0.plus_ms(5))
        .await
        .expect("delete");
    create(store, &duplicate).await;
}

/// An update replaces fields, contacts and addresses, and refuses a stale version.
pub async fn updates_replace_everything_and_refuse_stale_versions(store: &dyn Store) {
    let scope = tenant(store, "Acme").await;
    let company = fixtures::business(scope, "ACME", T0);
    create(store, &company).await;
    let mut changed = company.clone();
    changed.version = 2;
    changed.status = CustomerStatus::Suspended;
    changed.updated_at = T0.plus_ms(10);
    changed.data.addresses = vec![
        fixtures::address(AddressType::Mailing, true),
        fixtures::address(AddressType::Shipping, true),
    ];
    if let CustomerProfile::Business(business) = &mut changed.data.profile {
        business.contacts.truncate(1);
        business.contacts[0].primary = true;
        business.website = None;
    }
    store.update_customer(&changed, 1).await.expect("update");
    assert_eq!(
        store.get_customer(scope, company.id).await.expect("read"),
        changed
    );
    let stale = store.update_customer(&changed, 1).await;
    assert!(matches!(stale, Err(StoreError::Stale)), "{stale:?}");
    let mut duplicate_external = fixtures::business(scope, "Other", T0);
    duplicate_external.data.external_id = Some("taken".into());
    create(store, &duplicate_external).await;
    let mut clash = changed.clone();
    clash.version = 3;
    clash.data.external_id = Some("taken".into());
    let outcome = store.update_customer(&clash, 2).await;
    assert!(
        matches!(&outcome, Err(StoreError::Conflict(what)) if what == "externalId"),
        "{outcome:?}"
    );
    assert_eq!(
        store
            .get_customer(scope, company.id)
            .await
            .expect("unchanged"),
        changed
    );
}

/// The database itself refuses two primary contacts or two primary addresses of one type.
pub async fn the_database_enforces_one_primary_per_kind(store: &dyn Store) {
    let scope = tenant(store, "Acme").await;
    let mut two_primary_contacts = fixtures::business(scope, "Two", T0);
    if let CustomerProfile::Business(business) = &mut two_primary_contacts.data.profile {
        business.contacts.iter_mut().for_each(|c| c.primary = true);
    }
    assert!(store.create_customer(&two_primary_contacts).await.is_err());
    assert!(
        store
            .get_customer(scope, two_primary_contacts.id)
            .await
            .is_err_and(|e| e.is_not_found())
    );
    let mut two_primary_mailing = fixtures::individual(scope, "Sarah", T0);
    two_primary_mailing.data.addresses = vec![
        fixtures::address(AddressType::Mailing, true),
        fixtures::address(AddressType::Mailing, true),
    ];
    assert!(store.create_customer(&two_primary_mailing).await.is_err());
    assert!(
        store
            .get_customer(scope, two_primary_mailing.id)
            .await
            .is_err_and(|e| e.is_not_found())
    );
}

/// A deleted customer disappears from every read and cannot be changed.
pub async fn deleted_customers_vanish_from_every_read(store: &dyn Store) {
    let scope = tenant(store, "Acme").await;
    let kept = fixtures::individual(scope, "Kept", T0);
    let gone = fixtures::business(scope, "Gone", T0);
    create(store, &kept).await;
    create(store, &gone).await;
    store
        .delete_customer(scope, gone.id, Actor::INTERNAL, T0.plus_ms(1))
        .await
        .expect("delete");
    assert!(
        store
            .get_customer(scope, gone.id)
            .await
            .is_err_and(|e| e.is_not_found())
    );
    assert_eq!(
        ids(store, scope, &CustomerFilter::default()).await,
        vec![kept.id]
    );
    let again = store
        .delete_customer(scope, gone.id, Actor::INTERNAL, T0)
        .await;
    assert!(again.is_err_and(|e| e.is_not_found()));
    let mut update = gone.clone();
    update.version = 2;
    assert!(
        store
            .update_customer(&update, 1)
            .await
            .is_err_and(|e| e.is_not_found())
    );
}

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
