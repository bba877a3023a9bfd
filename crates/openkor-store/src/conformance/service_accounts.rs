//! Conformance cases: Service Accounts, principals and their revision.

use super::fixtures::{self, T0};
use crate::{Store, StoreError};
use openkor_domain::ids::{BusinessAccountId, ServiceAccountId};
use openkor_domain::role::Role;

async fn business_account(store: &dyn Store, name: &str) -> BusinessAccountId {
    let provisioning = fixtures::provisioning(name, None, T0);
    store.provision(&provisioning).await.expect("provision");
    provisioning.business_account.id
}

/// Two Service Accounts can never share an API key.
pub async fn duplicate_api_keys_conflict(store: &dyn Store) {
    let tenant = business_account(store, "Acme").await;
    let first = fixtures::service_account(tenant, Role::Clerk);
    store
        .create_service_account(&first, T0)
        .await
        .expect("first");
    let mut second = fixtures::service_account(tenant, Role::Clerk);
    second.api_key = first.api_key.clone();
    let outcome = store.create_service_account(&second, T0).await;
    assert!(
        matches!(outcome, Err(StoreError::Conflict(_))),
        "{outcome:?}"
    );
}

/// A Service Account of a Business Account that does not exist is refused as not found.
pub async fn service_accounts_need_an_existing_business_account(store: &dyn Store) {
    let orphan = fixtures::service_account(BusinessAccountId::new(), Role::Owner);
    let outcome = store.create_service_account(&orphan, T0).await;
    assert!(outcome.is_err_and(|e| e.is_not_found()));
}

/// Each Business Account lists its own Service Accounts, oldest first.
pub async fn service_accounts_list_per_business_account(store: &dyn Store) {
    let tenant = business_account(store, "Acme").await;
    let other = business_account(store, "Other").await;
    let viewer = fixtures::service_account(tenant, Role::ViewOnly);
    let created = store
        .create_service_account(&viewer, T0.plus_ms(5))
        .await
        .expect("create");
    assert_eq!(created.role, Role::ViewOnly);
    assert_eq!(created.created_at, T0.plus_ms(5));
    let listed = store.list_service_accounts(tenant).await.expect("list");
    let roles: Vec<Role> = listed.iter().map(|account| account.role).collect();
    assert_eq!(roles, vec![Role::Owner, Role::ViewOnly]);
    assert!(
        listed
            .iter()
            .all(|account| account.business_account_id == tenant)
    );
    assert_eq!(
        store
            .list_service_accounts(other)
            .await
            .expect("other")
            .len(),
        1
    );
}

/// Disabling works only within the owning Business Account, keeps the first disable time,
/// and bumps the principals revision.
pub async fn disabling_is_scoped_idempotent_and_bumps_the_revision(store: &dyn Store) {
    let tenant = business_account(store, "Acme").await;
    let other = business_account(store, "Other").await;
    let account = fixtures::service_account(tenant, Role::Clerk);
    store
        .create_service_account(&account, T0)
        .await
        .expect("create");
    let before = store.principals_revision().await.expect("revision");

    let outcome = store.disable_service_account(other, account.id, T0).await;
    assert!(outcome.is_err_and(|e| e.is_not_found()));
    let outcome = store
        .disable_service_account(tenant, ServiceAccountId::new(), T0)
        .await;
    assert!(outcome.is_err_and(|e| e.is_not_found()));

    let disabled = store
        .disable_service_account(tenant, account.id, T0.plus_ms(10))
        .await
        .expect("disable");
    assert_eq!(disabled.disabled_at, Some(T0.plus_ms(10)));
    let after = store.principals_revision().await.expect("revision");
    assert!(after > before, "revision {before} -> {after}");
    let again = store
        .disable_service_account(tenant, account.id, T0.plus_ms(20))
        .await
        .expect("disable again");
    assert_eq!(again.disabled_at, Some(T0.plus_ms(10)));
    let principal = store.get_principal(account.id).await.expect("principal");
    assert!(!principal.enabled);
}

/// Principals carry tenant, role and enabled flag of every Service Account.
pub async fn principals_reflect_every_service_account(store: &dyn Store) {
    let (start, initial) = store.list_principals().await.expect("initial");
    assert!(initial.is_empty());
    let tenant = business_account(store, "Acme").await;
    let finance = fixtures::service_account(tenant, Role::Finance);
    store
        .create_service_account(&finance, T0)
        .await
        .expect("create");
    let (revision, principals) = store.list_principals().await.expect("principals");
    assert!(revision > start);
    assert_eq!(principals.len(), 2);
    let principal = principals
        .iter()
        .find(|p| p.service_account_id == finance.id)
        .expect("listed");
    assert_eq!(principal.business_account_id, tenant);
    assert_eq!(principal.role, Role::Finance);
    assert!(principal.enabled);
    assert_eq!(
        store.get_principal(finance.id).await.expect("one"),
        *principal
    );
    let unknown = store.get_principal(ServiceAccountId::new()).await;
    assert!(unknown.is_err_and(|e| e.is_not_found()));
}
