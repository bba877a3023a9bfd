//! Conformance cases: customer Financial Accounts, defaults, duplicates, deletion, filters.

use super::fixtures::{self, T0};
use crate::{Provisioning, Store, StoreError};
use openkor_domain::actor::Actor;
use openkor_domain::customer::{Customer, CustomerStatus};
use openkor_domain::financial_account::{
    AccountState, AccountType, Category, FinancialAccount, FinancialAccountFilter,
    FinancialAccountSortField as Field, HolderType,
};
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId};
use openkor_domain::paging::{PageRequest, SortDirection, SortKey};

/// A tenant with its USD business account and an individual customer.
pub(super) async fn tenant_with_customer(store: &dyn Store) -> (Provisioning, Customer) {
    let provisioning = fixtures::provisioning("Acme", None, T0);
    store.provision(&provisioning).await.expect("provision");
    let customer = fixtures::individual(provisioning.business_account.id, "Sarah", T0);
    store
        .create_customer(&customer, &[])
        .await
        .expect("customer");
    (provisioning, customer)
}

async fn create(store: &dyn Store, account: &FinancialAccount) {
    store
        .create_financial_account(account, &[])
        .await
        .expect("create account");
}

async fn ids(
    store: &dyn Store,
    scope: BusinessAccountId,
    filter: &FinancialAccountFilter,
) -> Vec<FinancialAccountId> {
    let sort = vec![SortKey {
        field: Field::CreatedAt,
        direction: SortDirection::Asc,
    }];
    let request = PageRequest::new(0, 100, sort).expect("valid");
    let page = store
        .list_financial_accounts(scope, filter, &request)
        .await
        .expect("list");
    assert_eq!(page.total as usize, page.items.len());
    page.items.iter().map(|a| a.id).collect()
}

/// Every kind of customer account reads back field for field.
pub async fn customer_financial_accounts_read_back_exactly(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let parent = &tenant.financial_accounts[0];
    let internal = fixtures::internal_account(&customer, parent, T0.plus_ms(1));
    let bank = fixtures::external_bank_account(&customer, 1, T0.plus_ms(2));
    let card = fixtures::external_card(&customer, 2, T0.plus_ms(3));
    let integrated = fixtures::integrated_account(&customer, parent, T0.plus_ms(4));
    for account in [&internal, &bank, &card] {
        create(store, account).await;
    }
    store
        .create_financial_account(&integrated, &[fixtures::agreement(T0)])
        .await
        .expect("integrated");
    let scope = tenant.business_account.id;
    for account in [&internal, &bank, &card, &integrated] {
        let read = store
            .get_financial_account(scope, account.id)
            .await
            .expect("read");
        assert_eq!(&read, account);
    }
    let all = ids(store, scope, &FinancialAccountFilter::default()).await;
    assert_eq!(
        all.len(),
        6,
        "two business accounts and four of the customer"
    );
}

/// Setting a new default clears the holder's previous one, in the same transaction.
pub async fn a_new_default_replaces_the_previous_one(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let parent = &tenant.financial_accounts[0];
    let mut first = fixtures::internal_account(&customer, parent, T0);
    first.default_flag = true;
    create(store, &first).await;
    let mut second = fixtures::external_card(&customer, 7, T0.plus_ms(50));
    second.default_flag = true;
    create(store, &second).await;
    let scope = tenant.business_account.id;
    let first_now = store
        .get_financial_account(scope, first.id)
        .await
        .expect("first");
    assert!(!first_now.default_flag);
    assert_eq!(first_now.updated_at, T0.plus_ms(50));
    assert!(
        store
            .get_financial_account(scope, second.id)
            .await
            .expect("second")
            .default_flag
    );
}

/// Racing default creations leave exactly one default.
pub async fn concurrent_defaults_leave_exactly_one(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let parent = &tenant.financial_accounts[0];
    let accounts: Vec<FinancialAccount> = (0..4)
        .map(|i| {
            let mut account = fixtures::internal_account(&customer, parent, T0.plus_ms(i));
            account.default_flag = true;
            account
        })
        .collect();
    let (a, b, c, d) = tokio::join!(
        store.create_financial_account(&accounts[0], &[]),
        store.create_financial_account(&accounts[1], &[]),
        store.create_financial_account(&accounts[2], &[]),
        store.create_financial_account(&accounts[3], &[]),
    );
    for outcome in [a, b, c, d] {
        assert!(
            matches!(outcome, Ok(()) | Err(StoreError::Conflict(_))),
            "{outcome:?}"
        );
    }
    let defaults = FinancialAccountFilter {
        default_flag: Some(true),
        holder_id: Some(customer.id.as_uuid()),
        ..Default::default()
    };
    assert_eq!(
        ids(store, tenant.business_account.id, &defaults)
            .await
            .len(),
        1
    );
}

/// The same external account is linked to a holder at most once (while the link lives).
pub async fn duplicate_external_links_conflict(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let card = fixtures::external_card(&customer, 9, T0);
    create(store, &card).await;
    let again = fixtures::external_card(&customer, 9, T0);
    let outcome = store.create_financial_account(&again, &[]).await;
    assert!(
        matches!(
            &outcome,
            Err(StoreError::Conflict(
                crate::db::Constraint::ExternalAccountLinked
            ))
        ),
        "{outcome:?}"
    );
    let other = fixtures::individual(tenant.business_account.id, "Sam", T0);
    store.create_customer(&other, &[]).await.expect("other");
    create(store, &fixtures::external_card(&other, 9, T0)).await;
    let scope = tenant.business_account.id;
    store
        .delete_financial_account(scope, card.id, Actor::INTERNAL, T0)
        .await
        .expect("delete");
    create(store, &again).await;
    let mut clash = fixtures::internal_account(&customer, &tenant.financial_accounts[0], T0);
    clash.account_number = tenant.financial_accounts[0].account_number.clone();
    clash.account_number_tail = tenant.financial_accounts[0].account_number_tail.clone();
    let outcome = store.create_financial_account(&clash, &[]).await;
    assert!(
        matches!(
            &outcome,
            Err(StoreError::Conflict(crate::db::Constraint::AccountNumber))
        ),
        "{outcome:?}"
    );
}

/// Only a live, active customer of the tenant can hold a new account.
pub async fn accounts_need_a_live_active_customer(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let parent = &tenant.financial_accounts[0];
    let mut suspended = customer.clone();
    suspended.status = CustomerStatus::Suspended;
    suspended.version = 2;
    store.update_customer(&suspended, 1).await.expect("suspend");
    let outcome = store
        .create_financial_account(&fixtures::internal_account(&customer, parent, T0), &[])
        .await;
    assert!(
        matches!(
            &outcome,
            Err(StoreError::Conflict(
                crate::db::Constraint::CustomerNotActive
            ))
        ),
        "{outcome:?}"
    );
    let scope = tenant.business_account.id;
    store
        .delete_customer(scope, customer.id, Actor::INTERNAL, T0)
        .await
        .expect("delete");
    let outcome = store
        .create_financial_account(&fixtures::internal_account(&customer, parent, T0), &[])
        .await;
    assert!(outcome.is_err_and(|e| e.is_not_found()));
    let other = fixtures::provisioning("Other", None, T0);
    store.provision(&other).await.expect("other tenant");
    let stranger = fixtures::individual(other.business_account.id, "Stranger", T0);
    store
        .create_customer(&stranger, &[])
        .await
        .expect("stranger");
    let mut foreign = fixtures::internal_account(&stranger, parent, T0);
    foreign.business_account_id = scope;
    assert!(
        store
            .create_financial_account(&foreign, &[])
            .await
            .is_err_and(|e| e.is_not_found())
    );
}

/// Deleting a customer deletes its accounts from every read.
pub async fn deleting_a_customer_deletes_its_accounts(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let internal = fixtures::internal_account(&customer, &tenant.financial_accounts[0], T0);
    let card = fixtures::external_card(&customer, 3, T0);
    create(store, &internal).await;
    create(store, &card).await;
    let scope = tenant.business_account.id;
    store
        .delete_customer(scope, customer.id, Actor::INTERNAL, T0.plus_ms(1))
        .await
        .expect("delete");
    for id in [internal.id, card.id] {
        assert!(
            store
                .get_financial_account(scope, id)
                .await
                .is_err_and(|e| e.is_not_found())
        );
        assert!(
            store
                .balances(scope, id)
                .await
                .is_err_and(|e| e.is_not_found())
        );
    }
    let business_only: Vec<FinancialAccountId> =
        tenant.financial_accounts.iter().map(|a| a.id).collect();
    assert_eq!(
        ids(store, scope, &FinancialAccountFilter::default()).await,
        business_only
    );
}

/// State changes and deletion apply to live accounts of the tenant only.
pub async fn state_changes_and_deletion_are_scoped(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let account = fixtures::external_bank_account(&customer, 4, T0);
    create(store, &account).await;
    let scope = tenant.business_account.id;
    let stranger = BusinessAccountId::new();
    let outcome = store
        .set_financial_account_state(
            stranger,
            account.id,
            AccountState::Suspended,
            Actor::INTERNAL,
            T0,
        )
        .await;
    assert!(outcome.is_err_and(|e| e.is_not_found()));
    let suspended = store
        .set_financial_account_state(
            scope,
            account.id,
            AccountState::Suspended,
            Actor::INTERNAL,
            T0.plus_ms(5),
        )
        .await
        .expect("suspend");
    assert_eq!(
        (suspended.state, suspended.updated_at),
        (AccountState::Suspended, T0.plus_ms(5))
    );
    assert!(
        store
            .delete_financial_account(stranger, account.id, Actor::INTERNAL, T0)
            .await
            .is_err_and(|e| e.is_not_found())
    );
    store
        .delete_financial_account(scope, account.id, Actor::INTERNAL, T0)
        .await
        .expect("delete");
    assert!(
        store
            .delete_financial_account(scope, account.id, Actor::INTERNAL, T0)
            .await
            .is_err_and(|e| e.is_not_found())
    );
    let outcome = store
        .set_financial_account_state(scope, account.id, AccountState::Active, Actor::INTERNAL, T0)
        .await;
    assert!(outcome.is_err_and(|e| e.is_not_found()));
}

/// Every filter narrows the list as documented.
pub async fn financial_account_filters_select_exactly(store: &dyn Store) {
    let (tenant, customer) = tenant_with_customer(store).await;
    let parent = &tenant.financial_accounts[0];
    let mut internal = fixtures::internal_account(&customer, parent, T0.plus_ms(1));
    internal.default_flag = true;
    let bank = fixtures::external_bank_account(&customer, 5, T0.plus_ms(2));
    let card = fixtures::external_card(&customer, 6, T0.plus_ms(3));
    for account in [&internal, &bank, &card] {
        create(store, account).await;
    }
    let scope = tenant.business_account.id;
    store
        .set_financial_account_state(
            scope,
            card.id,
            AccountState::Suspended,
            Actor::INTERNAL,
            T0.plus_ms(4),
        )
        .await
        .expect("suspend");
    let business: Vec<FinancialAccountId> =
        tenant.financial_accounts.iter().map(|a| a.id).collect();
    let f = FinancialAccountFilter::default;
    let cases: Vec<(FinancialAccountFilter, Vec<FinancialAccountId>)> = vec![
        (
            FinancialAccountFilter {
                holder_types: Some(vec![HolderType::BusinessAccount]),
                ..f()
            },
            business.clone(),
        ),
        (
            FinancialAccountFilter {
                holder_types: Some(vec![HolderType::Customer, HolderType::Recipient]),
                ..f()
            },
            vec![internal.id, bank.id, card.id],
        ),
        (
            FinancialAccountFilter {
                holder_id: Some(customer.id.as_uuid()),
                ..f()
            },
            vec![internal.id, bank.id, card.id],
        ),
        (
            FinancialAccountFilter {
                holder_id: Some(scope.as_uuid()),
                ..f()
            },
            business.clone(),
        ),
        (
            FinancialAccountFilter {
                categories: Some(vec![Category::Internal, Category::Integrated]),
                ..f()
            },
            [business.clone(), vec![internal.id]].concat(),
        ),
        (
            FinancialAccountFilter {
                name: Some("debit".into()),
                ..f()
            },
            vec![card.id],
        ),
        (
            FinancialAccountFilter {
                name: Some("100%_".into()),
                ..f()
            },
            vec![],
        ),
        (
            FinancialAccountFilter {
                default_flag: Some(true),
                ..f()
            },
            vec![internal.id],
        ),
        (
            FinancialAccountFilter {
                default_flag: Some(false),
                holder_id: Some(customer.id.as_uuid()),
                ..f()
            },
            vec![bank.id, card.id],
        ),
        (
            FinancialAccountFilter {
                parent_id: Some(parent.id),
                ..f()
            },
            vec![internal.id],
        ),
        (
            FinancialAccountFilter {
                account_type: Some(AccountType::Card),
                ..f()
            },
            vec![card.id],
        ),
        (
            FinancialAccountFilter {
                holder_types: Some(vec![HolderType::BusinessAccount]),
                currency: Some(tenant.financial_accounts[1].currency),
                ..f()
            },
            vec![tenant.financial_accounts[1].id],
        ),
        (
            FinancialAccountFilter {
                state: Some(AccountState::Suspended),
                ..f()
            },
            vec![card.id],
        ),
        (
            FinancialAccountFilter {
                state: Some(AccountState::Active),
                categories: Some(vec![Category::External]),
                ..f()
            },
            vec![bank.id],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(ids(store, scope, &filter).await, expected, "{filter:?}");
    }
    let other = fixtures::provisioning("Other", None, T0);
    store.provision(&other).await.expect("other");
    assert_eq!(
        ids(store, other.business_account.id, &f()).await.len(),
        2,
        "other tenants see only their own"
    );
}
