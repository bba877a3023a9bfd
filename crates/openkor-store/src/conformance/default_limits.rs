//! Conformance case: a Customer's and its accounts' default limits are read with derived ids
//! and nothing is stored for them until a client sets one (only that one is stored) or a
//! transaction counts against them (those of its currency are); a stored limit keeps the id it
//! was read with; the defaults in force when a Customer was created are its defaults; a limit
//! stored by an earlier release hides the default of its type and currency; a derived id of
//! another tenant's or a deleted Customer is not found.

use super::financial_accounts::tenant_with_customer;
use super::fixtures::{self, T0};
use super::ledger::fund;
use super::transaction_model::send;
use crate::db::{Backend, Conn, Row, Value};
use crate::sql_store::SqlStore;
use crate::{
    CustomerStore, FinancialAccountStore, LimitStore, ProvisioningStore, StoreError,
    TransactionStore,
};
use openkor_domain::actor::Actor;
use openkor_domain::default_limits::default_limit_id;
use openkor_domain::money::Currency;
use openkor_domain::transaction::{Refusal, Solution};
use openkor_domain::transaction_limits::{LimitScope, LimitType, TransactionLimit};
use uuid::Uuid;

/// The limits stored for `scope_id`.
async fn stored<B: Backend>(store: &SqlStore<B>, scope_id: Uuid) -> Vec<(Uuid, i64)> {
    store
        .backend()
        .read(move |conn| {
            Box::pin(async move {
                conn.query(
                    "SELECT id, amount_minor FROM transaction_limits WHERE scope_id = $1 ORDER BY id",
                    &[Value::Uuid(scope_id)],
                    &mut |row: &dyn Row| Ok((row.uuid(0)?, row.i64(1)?)),
                )
                .await
            })
        })
        .await
        .expect("the stored limits")
}

/// Runs `sql` with `values` in a db transaction of its own.
async fn raw<B: Backend>(store: &SqlStore<B>, sql: &'static str, values: Vec<Value<'static>>) {
    store
        .backend()
        .write(move |conn| Box::pin(async move { conn.execute(sql, &values).await }))
        .await
        .expect("a raw statement");
}

fn find(
    limits: &[TransactionLimit],
    limit_type: LimitType,
    currency: Currency,
) -> &TransactionLimit {
    limits
        .iter()
        .find(|limit| limit.limit_type == limit_type && limit.currency == currency)
        .unwrap_or_else(|| panic!("no {limit_type:?} {currency:?} limit in {limits:?}"))
}

/// What an untouched Customer and account read, and what setting one limit stores.
pub async fn default_limits_are_derived_until_set_or_counted<B: Backend>(store: &SqlStore<B>) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let scope = tenant.business_account.id;
    let business = &tenant.financial_accounts[0];
    let wallet = fixtures::internal_account(&customer, business, T0);
    store
        .create_financial_account(&wallet, &[])
        .await
        .expect("a wallet");
    let customer_id = customer.id.as_uuid();

    let limits = store
        .list_limits(scope, LimitScope::Customer, customer_id)
        .await
        .expect("the customer's limits");
    assert_eq!(limits.len(), 8, "{limits:?}");
    for limit in &limits {
        let derived = default_limit_id(
            LimitScope::Customer,
            customer_id,
            limit.limit_type,
            limit.currency,
        );
        assert_eq!(limit.id, derived);
    }
    assert_eq!(
        find(&limits, LimitType::Daily, Currency::Cad).amount_minor,
        5_000_000
    );
    let account_limits = store
        .list_limits(scope, LimitScope::FinancialAccount, wallet.id.as_uuid())
        .await
        .expect("the wallet's limits");
    assert_eq!(account_limits.len(), 4, "in the wallet's currency only");
    assert!(
        stored(store, customer_id).await.is_empty(),
        "nothing stored"
    );
    assert!(stored(store, wallet.id.as_uuid()).await.is_empty());

    let daily = find(&limits, LimitType::Daily, Currency::Usd).id;
    let updated = store
        .update_limits(scope, &[(daily, 100)], T0)
        .await
        .expect("set");
    assert_eq!((updated[0].id, updated[0].amount_minor), (daily, 100));
    assert_eq!(
        stored(store, customer_id).await,
        vec![(daily, 100)],
        "that one only"
    );
    let again = store
        .list_limits(scope, LimitScope::Customer, customer_id)
        .await
        .expect("the customer's limits");
    assert_eq!(again.len(), 8);
    assert_eq!(
        find(&again, LimitType::Daily, Currency::Usd).amount_minor,
        100
    );

    fund(store, business, 1_000).await;
    let transfer = |from, to, amount_minor| crate::NewTransaction {
        scope,
        origin: send(from, to, Solution::Transfer, amount_minor),
        idempotency: None,
        by: Actor::INTERNAL,
        at: T0,
        rail_speedup: 1,
    };
    let funded = store
        .create_transaction(&transfer(business.id, wallet.id, 1_000))
        .await
        .expect("funded");
    assert!(funded.is_ok(), "{funded:?}");
    assert!(
        stored(store, wallet.id.as_uuid()).await.is_empty(),
        "money in counts for nothing"
    );
    let transfer = |amount_minor| transfer(wallet.id, business.id, amount_minor);
    let created = store.create_transaction(&transfer(60)).await.expect("sent");
    assert!(created.is_ok(), "{created:?}");
    assert_eq!(stored(store, customer_id).await.len(), 4, "the USD ones");
    let wallet_stored = stored(store, wallet.id.as_uuid()).await;
    let wallet_ids: Vec<Uuid> = account_limits.iter().map(|limit| limit.id).collect();
    assert!(
        wallet_stored.iter().all(|(id, _)| wallet_ids.contains(id)),
        "same ids"
    );
    assert_eq!(wallet_stored.len(), 4);
    let over = store
        .create_transaction(&transfer(41))
        .await
        .expect("refused");
    let Err(Refusal::LimitExceeded(usage)) = over else {
        panic!("over the daily limit: {over:?}");
    };
    assert_eq!((usage.limit.id, usage.used_minor), (daily, 60));

    other_tenants_and_deleted_customers_are_not_found(store, daily).await;
    defaults_in_force_at_creation_apply(store, scope).await;
}

async fn other_tenants_and_deleted_customers_are_not_found<B: Backend>(
    store: &SqlStore<B>,
    daily: Uuid,
) {
    let other = fixtures::provisioning("Other", None, T0);
    store.provision(&other).await.expect("provision");
    let foreign = store
        .update_limits(other.business_account.id, &[(daily, 1)], T0)
        .await;
    assert!(matches!(foreign, Err(StoreError::NotFound)), "{foreign:?}");
    let scope = other.business_account.id;
    let gone = fixtures::individual(scope, "Gone", T0);
    store.create_customer(&gone, &[]).await.expect("a customer");
    store
        .delete_customer(scope, gone.id, Actor::INTERNAL, T0)
        .await
        .expect("deleted");
    let id = default_limit_id(
        LimitScope::Customer,
        gone.id.as_uuid(),
        LimitType::Single,
        Currency::Usd,
    );
    let deleted = store.update_limits(scope, &[(id, 1)], T0).await;
    assert!(matches!(deleted, Err(StoreError::NotFound)), "{deleted:?}");
}

async fn defaults_in_force_at_creation_apply<B: Backend>(
    store: &SqlStore<B>,
    scope: openkor_domain::ids::BusinessAccountId,
) {
    raw(
        store,
        "INSERT INTO default_transaction_limits (limit_type, effective_from, amount_minor) \
         VALUES ('DAILY', $1, 7)",
        vec![T0.plus_ms(1_000).into()],
    )
    .await;
    let later = fixtures::individual(scope, "Later", T0.plus_ms(2_000));
    store
        .create_customer(&later, &[])
        .await
        .expect("a customer");
    let limits = store
        .list_limits(scope, LimitScope::Customer, later.id.as_uuid())
        .await
        .expect("its limits");
    assert_eq!(
        find(&limits, LimitType::Daily, Currency::Cad).amount_minor,
        7
    );
    assert_eq!(
        find(&limits, LimitType::Single, Currency::Cad).amount_minor,
        2_500_000
    );

    // A limit an earlier release stored, under a random id, hides the default.
    let legacy = Uuid::now_v7();
    raw(
        store,
        "INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, \
         limit_type, currency, amount_minor, created_at, updated_at) \
         VALUES ($1, $2, 'CUSTOMER', $3, 'SINGLE', 'USD', 9, $4, $4)",
        vec![
            Value::Uuid(legacy),
            Value::Uuid(scope.as_uuid()),
            Value::Uuid(later.id.as_uuid()),
            T0.into(),
        ],
    )
    .await;
    let limits = store
        .list_limits(scope, LimitScope::Customer, later.id.as_uuid())
        .await
        .expect("its limits");
    assert_eq!(limits.len(), 8);
    let single = find(&limits, LimitType::Single, Currency::Usd);
    assert_eq!((single.id, single.amount_minor), (legacy, 9));
    let hidden = default_limit_id(
        LimitScope::Customer,
        later.id.as_uuid(),
        LimitType::Single,
        Currency::Usd,
    );
    let refused = store.update_limits(scope, &[(hidden, 1)], T0).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    let set = store
        .update_limits(scope, &[(legacy, 10)], T0)
        .await
        .expect("the legacy id");
    assert_eq!(set[0].amount_minor, 10);
}
