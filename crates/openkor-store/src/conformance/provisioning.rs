//! Conformance cases: provisioning, bootstrap, secrets, health.

use super::fixtures::{self, T0};
use crate::{BootstrapOutcome, SecretName, Store};
use openkor_domain::ids::BusinessAccountId;

/// A provisioned Business Account, its Financial Accounts and its Service Account read back
/// field for field, timestamps to the millisecond.
pub async fn provisioned_accounts_read_back_exactly(store: &dyn Store) {
    let provisioning = fixtures::provisioning("Acme", None, T0);
    store.provision(&provisioning).await.expect("provision");
    let account = &provisioning.business_account;

    let read = store
        .get_business_account(account.id, account.id)
        .await
        .expect("read back");
    assert_eq!(&read, account);

    for financial_account in &provisioning.financial_accounts {
        let read = store
            .get_financial_account(account.id, financial_account.id)
            .await
            .expect("financial account");
        assert_eq!(&read, financial_account);
    }

    let expected = &provisioning.service_account;
    let (service_account, hash) = store
        .find_service_account_by_api_key(&expected.api_key)
        .await
        .expect("service account by key");
    assert_eq!(service_account.id, expected.id);
    assert_eq!(service_account.business_account_id, account.id);
    assert_eq!(service_account.role, expected.role);
    assert_eq!(service_account.created_at, T0);
    assert!(service_account.is_enabled());
    assert_eq!(hash, expected.secret_hash);
}

/// When any part of a provisioning fails, nothing of it remains.
pub async fn provisioning_is_all_or_nothing(store: &dyn Store) {
    let first = fixtures::provisioning("First", None, T0);
    store.provision(&first).await.expect("first");
    let mut second = fixtures::provisioning("Second", None, T0);
    second.service_account.api_key = first.service_account.api_key.clone();

    let outcome = store.provision(&second).await;
    assert!(
        matches!(outcome, Err(crate::StoreError::Conflict(_))),
        "{outcome:?}"
    );
    let id = second.business_account.id;
    assert!(
        store
            .get_business_account(id, id)
            .await
            .is_err_and(|e| e.is_not_found())
    );
    let financial_account = second.financial_accounts[0].id;
    assert!(
        store
            .get_financial_account(id, financial_account)
            .await
            .is_err_and(|e| e.is_not_found())
    );
}

/// A child under a parent that does not exist is refused as not found.
pub async fn provisioning_under_an_unknown_parent_is_not_found(store: &dyn Store) {
    let orphan = fixtures::provisioning("Orphan", Some(BusinessAccountId::new()), T0);
    let outcome = store.provision(&orphan).await;
    assert!(outcome.is_err_and(|e| e.is_not_found()));
}

/// Each secret is the first candidate ever offered for it.
pub async fn the_signing_key_is_stored_once(store: &dyn Store) {
    let first = store
        .secret_or_insert(SecretName::TokenSigningKey, [1; 32])
        .await
        .expect("first");
    let second = store
        .secret_or_insert(SecretName::TokenSigningKey, [2; 32])
        .await
        .expect("second");
    assert_eq!(first, [1; 32]);
    assert_eq!(second, [1; 32]);
    let other = store
        .secret_or_insert(SecretName::FingerprintKey, [3; 32])
        .await
        .expect("other");
    assert_eq!(other, [3; 32], "each secret is kept apart");
}

/// Bootstrap provisions only an empty database, and only once.
pub async fn bootstrap_happens_once_and_only_on_an_empty_database(store: &dyn Store) {
    let first = fixtures::provisioning("Bootstrap", None, T0);
    let outcome = store.provision_bootstrap(&first).await.expect("first");
    assert_eq!(outcome, BootstrapOutcome::Provisioned);
    let second = fixtures::provisioning("Again", None, T0);
    let outcome = store.provision_bootstrap(&second).await.expect("second");
    assert_eq!(outcome, BootstrapOutcome::AlreadyInitialised);
    let id = second.business_account.id;
    assert!(
        store
            .get_business_account(id, id)
            .await
            .is_err_and(|e| e.is_not_found())
    );
}

/// A database that already holds a Business Account is never bootstrapped.
pub async fn bootstrap_skips_a_database_that_already_has_accounts(store: &dyn Store) {
    let existing = fixtures::provisioning("Existing", None, T0);
    store.provision(&existing).await.expect("provision");
    let bootstrap = fixtures::provisioning("Bootstrap", None, T0);
    assert_eq!(
        store
            .provision_bootstrap(&bootstrap)
            .await
            .expect("bootstrap"),
        BootstrapOutcome::AlreadyInitialised
    );
}

/// Of several bootstraps racing on one empty database, exactly one provisions.
pub async fn concurrent_bootstraps_provision_exactly_once(store: &dyn Store) {
    let attempts: Vec<_> = (0..4)
        .map(|i| fixtures::provisioning(&format!("Racer {i}"), None, T0))
        .collect();
    let outcomes = futures_join_all(store, &attempts).await;
    let provisioned = outcomes
        .iter()
        .filter(|outcome| **outcome == BootstrapOutcome::Provisioned)
        .count();
    assert_eq!(provisioned, 1, "{outcomes:?}");
}

async fn futures_join_all(
    store: &dyn Store,
    attempts: &[crate::Provisioning],
) -> Vec<BootstrapOutcome> {
    let (a, b, c, d) = tokio::join!(
        store.provision_bootstrap(&attempts[0]),
        store.provision_bootstrap(&attempts[1]),
        store.provision_bootstrap(&attempts[2]),
        store.provision_bootstrap(&attempts[3]),
    );
    [a, b, c, d]
        .into_iter()
        .map(|outcome| outcome.expect("bootstrap attempt"))
        .collect()
}

/// A reachable database answers pings.
pub async fn the_database_answers_pings(store: &dyn Store) {
    store.ping().await.expect("ping");
}
