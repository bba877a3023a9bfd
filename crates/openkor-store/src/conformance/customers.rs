//! Conformance cases: customers, their contacts and addresses, filters and deletion.

use super::fixtures::{self, T0};
use crate::{Store, StoreError};
use openkor_domain::actor::Actor;
use openkor_domain::address::AddressType;
use openkor_domain::customer::{
    Customer, CustomerFilter, CustomerProfile, CustomerSortField as Field, CustomerStatus,
};
use openkor_domain::ids::{BusinessAccountId, CustomerId};
use openkor_domain::paging::{PageRequest, SortDirection, SortKey};

pub(super) async fn tenant(store: &dyn Store, name: &str) -> BusinessAccountId {
    let provisioning = fixtures::provisioning(name, None, T0);
    store.provision(&provisioning).await.expect("provision");
    provisioning.business_account.id
}

pub(super) async fn create(store: &dyn Store, customer: &Customer) {
    store
        .create_customer(customer, &[])
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

pub(super) async fn ids(
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
    let outcome = store.create_customer(&duplicate, &[]).await;
    assert!(
        matches!(
            &outcome,
            Err(StoreError::Conflict(
                crate::db::Constraint::CustomerExternalId
            ))
        ),
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
        matches!(
            &outcome,
            Err(StoreError::Conflict(
                crate::db::Constraint::CustomerExternalId
            ))
        ),
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
    assert!(
        store
            .create_customer(&two_primary_contacts, &[])
            .await
            .is_err()
    );
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
    assert!(
        store
            .create_customer(&two_primary_mailing, &[])
            .await
            .is_err()
    );
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
