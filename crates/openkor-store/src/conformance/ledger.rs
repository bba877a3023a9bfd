//! Conformance cases: the ledger and balances.

use super::financial_accounts::tenant_with_customer;
use super::fixtures::{self, T0};
use crate::{Store, StoreError};
use openkor_domain::actor::Actor;
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId};
use openkor_domain::ledger::{Balances, Transfer, TransferStatus};
use openkor_domain::money::Currency;

fn transfer(
    from: &openkor_domain::financial_account::FinancialAccount,
    to: &openkor_domain::financial_account::FinancialAccount,
    amount_minor: i64,
    status: TransferStatus,
) -> Transfer {
    Transfer {
        id: uuid::Uuid::now_v7(),
        business_account_id: from.business_account_id,
        debit_account_id: from.id,
        credit_account_id: to.id,
        currency: from.currency,
        amount_minor,
        status,
        created_at: T0,
    }
}

/// Credits `account` (an integrated or business account) with `amount_minor` from outside the
/// platform, as a sandbox deposit does.
pub async fn fund(
    store: &dyn Store,
    account: &openkor_domain::financial_account::FinancialAccount,
    amount_minor: i64,
) {
    let command = crate::NewTransaction {
        scope: account.business_account_id,
        origin: openkor_domain::transaction::Origin::Deposit(
            openkor_domain::transaction::ValidatedDeposit {
                financial_account_id: account.id,
                amount_minor,
                currency: None,
            },
        ),
        idempotency: None,
        by: Actor::INTERNAL,
        at: T0,
        rail_speedup: 1,
    };
    store
        .create_transaction(&command)
        .await
        .expect("the deposit is stored")
        .expect("the deposit is accepted");
}

/// A new account reads zero from the ledger; posted and pending transfers add up exactly.
pub async fn balances_are_sums_of_the_ledger(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let business = &tenant.financial_accounts[0];
    let wallet = fixtures::internal_account(&customer, business, T0);
    store
        .create_financial_account(&wallet, &[])
        .await
        .expect("wallet");
    let scope = tenant.business_account.id;
    assert_eq!(
        store.balances(scope, wallet.id).await.expect("zero"),
        Balances::default()
    );
    fund(store, business, 1_000_000).await;
    for (from, to, amount, status) in [
        (business, &wallet, 100_000, TransferStatus::Posted),
        (&wallet, business, 20_000, TransferStatus::Pending),
        (business, &wallet, 25_000, TransferStatus::Pending),
        (&wallet, business, 1, TransferStatus::Posted),
        (&wallet, business, 999, TransferStatus::Voided),
    ] {
        store
            .record_transfer(&transfer(from, to, amount, status))
            .await
            .expect("transfer");
    }
    let balances = store.balances(scope, wallet.id).await.expect("balances");
    assert_eq!(
        balances,
        Balances {
            account_balance_minor: 99_999,
            pending_withdrawals_minor: 20_000,
            pending_deposits_minor: 25_000
        }
    );
    assert_eq!(balances.available_balance_minor(), 79_999);
    let business_side = store.balances(scope, business.id).await.expect("business");
    assert_eq!(
        business_side.account_balance_minor,
        1_000_000 - 99_999,
        "every transfer balances: what one account lost the other gained"
    );
    assert!(
        store
            .balances(BusinessAccountId::new(), wallet.id)
            .await
            .is_err_and(|e| e.is_not_found())
    );
}

/// The database refuses transfers that would break the ledger's rules.
pub async fn the_database_refuses_unbalanced_or_foreign_transfers(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let (usd, cad) = (&tenant.financial_accounts[0], &tenant.financial_accounts[1]);
    assert_eq!((usd.currency, cad.currency), (Currency::Usd, Currency::Cad));
    let wallet = fixtures::internal_account(&customer, usd, T0);
    store
        .create_financial_account(&wallet, &[])
        .await
        .expect("wallet");
    let mut cross_currency = transfer(usd, cad, 100, TransferStatus::Posted);
    cross_currency.currency = Currency::Usd;
    let mut zero = transfer(usd, &wallet, 0, TransferStatus::Posted);
    zero.amount_minor = 0;
    let negative = transfer(usd, &wallet, -5, TransferStatus::Posted);
    let to_itself = transfer(usd, usd, 5, TransferStatus::Posted);
    let other = fixtures::provisioning("Other", None, T0);
    store.provision(&other).await.expect("other");
    let mut foreign = transfer(usd, &other.financial_accounts[0], 5, TransferStatus::Posted);
    foreign.business_account_id = tenant.business_account.id;
    for refused in [cross_currency, zero, negative, to_itself, foreign] {
        assert!(
            store.record_transfer(&refused).await.is_err(),
            "{refused:?}"
        );
    }
    let scope = tenant.business_account.id;
    assert_eq!(
        store.balances(scope, wallet.id).await.expect("untouched"),
        Balances::default()
    );
}

/// The database deletes an account only when its ledger balance is zero and nothing is
/// pending (so deleting its customer is refused too, all or nothing), and refuses transfers
/// that name a deleted account.
pub async fn only_settled_accounts_can_be_deleted(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let scope = tenant.business_account.id;
    let business = &tenant.financial_accounts[0];
    let (pending, funded) = (
        fixtures::internal_account(&customer, business, T0),
        fixtures::internal_account(&customer, business, T0),
    );
    for account in [&pending, &funded] {
        store
            .create_financial_account(account, &[])
            .await
            .expect("wallet");
    }
    fund(store, business, 1_000).await;
    for (from, to, status) in [
        (business, &pending, TransferStatus::Pending),
        (business, &funded, TransferStatus::Posted),
    ] {
        store
            .record_transfer(&transfer(from, to, 500, status))
            .await
            .expect("transfer");
    }
    let by = Actor::INTERNAL;
    for account in [&pending, &funded] {
        let refused = store
            .delete_financial_account(scope, account.id, by, T0)
            .await;
        assert!(
            matches!(refused, Err(StoreError::Refused(_))),
            "{refused:?}"
        );
    }
    let refused = store.delete_customer(scope, customer.id, by, T0).await;
    assert!(
        matches!(refused, Err(StoreError::Refused(_))),
        "{refused:?}"
    );
    store
        .get_customer(scope, customer.id)
        .await
        .expect("the refused deletion left the customer");
    store
        .get_financial_account(scope, funded.id)
        .await
        .expect("and its accounts");
    store
        .record_transfer(&transfer(&funded, business, 500, TransferStatus::Posted))
        .await
        .expect("back to zero");
    store
        .delete_financial_account(scope, funded.id, by, T0)
        .await
        .expect("a settled account is deleted");
    for (from, to) in [(&funded, business), (business, &funded)] {
        let refused = store
            .record_transfer(&transfer(from, to, 1, TransferStatus::Posted))
            .await;
        assert!(
            matches!(refused, Err(StoreError::Refused(_))),
            "{refused:?}"
        );
    }
}

/// A transfer racing the deletion of its account: exactly one of them wins, every time, so no
/// deleted account ever holds money.
pub async fn a_transfer_and_the_deletion_of_its_account_never_both_win(store: &dyn Store) {
    const ROUNDS: usize = 25;
    let (tenant, customer) = tenant_with_customer(store).await;
    let scope = tenant.business_account.id;
    let business = &tenant.financial_accounts[0];
    fund(store, business, 100 * ROUNDS as i64).await;
    for round in 0..ROUNDS {
        let wallet = fixtures::internal_account(&customer, business, T0);
        store
            .create_financial_account(&wallet, &[])
            .await
            .expect("wallet");
        let deposit = transfer(business, &wallet, 100, TransferStatus::Posted);
        let (deposited, deleted) = tokio::join!(
            store.record_transfer(&deposit),
            store.delete_financial_account(scope, wallet.id, Actor::INTERNAL, T0),
        );
        assert!(
            deposited.is_ok() != deleted.is_ok(),
            "round {round}: deposit {deposited:?}, deletion {deleted:?}"
        );
        for refused in [deposited, deleted].into_iter().filter_map(Result::err) {
            assert!(matches!(refused, StoreError::Refused(_)), "{refused:?}");
        }
    }
}

/// Raw statements against a ledger holding exactly one held (pending) journal entry, in
/// order, with whether the database must accept each: postings, entries and history are never
/// rewritten or deleted, running totals never pass their limits, and no account that holds
/// money or has anything pending is deleted. A backend runs them on its own connection (the
/// store API offers no way to attempt them) after [`ledger_with_one_pending_transfer`].
pub const LEDGER_GUARD_STATEMENTS: &[(&str, bool)] = &[
    (
        "UPDATE ledger_postings SET amount_minor = amount_minor + 1",
        false,
    ),
    ("UPDATE ledger_postings SET bucket = 'POSTED'", false),
    ("DELETE FROM ledger_postings", false),
    (
        "UPDATE journal_entries SET description = 'rewritten'",
        false,
    ),
    ("DELETE FROM journal_entries", false),
    (
        "UPDATE financial_accounts SET deleted_at = updated_at",
        false,
    ),
    (
        "UPDATE ledger_accounts SET pending_debits_minor = -1",
        false,
    ),
    (
        "UPDATE ledger_accounts SET posted_minor = -1 WHERE kind = 'FINANCIAL_ACCOUNT'",
        false,
    ),
    (
        "UPDATE ledger_accounts SET posted_minor = posted_minor + 1",
        false,
    ),
    (
        "INSERT INTO ledger_postings SELECT entry_id, 9, business_account_id, account_id, currency, \
         'POSTED', 1 FROM ledger_postings WHERE position = 0",
        false,
    ),
];

/// A tenant whose ledger holds one pending journal entry of 12.34 from its USD business
/// account (funded by a deposit) to a customer's internal account; returns the scope, the
/// internal account and the amount.
pub async fn ledger_with_one_pending_transfer(
    store: &dyn Store,
) -> (BusinessAccountId, FinancialAccountId, i64) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let business = &tenant.financial_accounts[0];
    let wallet = fixtures::internal_account(&customer, business, T0);
    store
        .create_financial_account(&wallet, &[])
        .await
        .expect("wallet");
    let amount_minor = 1_234;
    fund(store, business, amount_minor).await;
    store
        .record_transfer(&transfer(
            business,
            &wallet,
            amount_minor,
            TransferStatus::Pending,
        ))
        .await
        .expect("transfer");
    (tenant.business_account.id, wallet.id, amount_minor)
}
