//! Conformance case: idempotency keys are kept until purged, and only the old ones are purged.

use super::financial_accounts::tenant_with_customer;
use super::fixtures::T0;
use crate::{NewTransaction, Store};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::transaction::{IdempotencyKey, Origin, ValidatedDeposit};

async fn deposit_with_key(
    store: &dyn Store,
    account: &FinancialAccount,
    key: &str,
    at: Timestamp,
) -> crate::Created {
    let command = NewTransaction {
        scope: account.business_account_id,
        origin: Origin::Deposit(ValidatedDeposit {
            financial_account_id: account.id,
            amount_minor: 100,
            currency: None,
        }),
        idempotency: Some(IdempotencyKey::new(key, [7; 32]).expect("a valid key")),
        by: Actor::INTERNAL,
        at,
        rail_speedup: 1,
    };
    store
        .create_transaction(&command)
        .await
        .expect("stored")
        .expect("accepted")
}

/// A purge forgets keys stored before its cut-off, oldest first and at most its limit; a
/// forgotten key makes a new transaction, a kept one still replays.
pub async fn idempotency_keys_are_forgotten_only_when_purged(store: &dyn Store) {
    let (tenant, _) = tenant_with_customer(store).await;
    let business = &tenant.financial_accounts[0];
    let first = deposit_with_key(store, business, "key-old-1", T0).await;
    deposit_with_key(store, business, "key-old-2", T0.plus_ms(1)).await;
    let recent = deposit_with_key(store, business, "key-recent", T0.plus_ms(10)).await;

    let purged = store.purge_idempotency_keys(T0.plus_ms(5), 1).await;
    assert_eq!(purged.expect("purged"), 1, "at most the limit");
    let purged = store.purge_idempotency_keys(T0.plus_ms(5), 100).await;
    assert_eq!(purged.expect("purged"), 1, "the rest before the cut-off");

    let again = deposit_with_key(store, business, "key-old-1", T0.plus_ms(20)).await;
    assert!(!again.replayed);
    assert_ne!(
        again.transaction.id, first.transaction.id,
        "a new transaction"
    );
    let replay = deposit_with_key(store, business, "key-recent", T0.plus_ms(20)).await;
    assert!(replay.replayed);
    assert_eq!(replay.transaction.id, recent.transaction.id);
}
