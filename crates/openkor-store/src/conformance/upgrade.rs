//! The data a database made by release 0.1 holds, as this release must read it back (each backend's
//! `tests/upgrade.rs` loads its own dump of that database, then calls this), and the webhook
//! secrets a later release left in plaintext, as the delivery worker reads them. The ids its
//! addresses and contacts got from a later migration are checked apart, with a write.

use crate::Store;
use crate::conformance::fixtures::T0;
use openkor_domain::address::AddressType;
use openkor_domain::customer::{CustomerFilter, CustomerProfile, CustomerType};
use openkor_domain::default_limits::default_limit_id;
use openkor_domain::financial_account::{
    AccountHolder, AccountType, Category, FinancialAccountFilter,
};
use openkor_domain::ids::{BusinessAccountId, WebhookSubscriptionId};
use openkor_domain::ledger::Balances;
use openkor_domain::paging::PageRequest;
use openkor_domain::role::Role;
use openkor_domain::service_account::ApiKey;
use openkor_domain::transaction_limits::{LimitScope, LimitType};
use std::collections::BTreeMap;
use time::macros::date;

fn first_page<F>() -> PageRequest<F> {
    PageRequest::new(0, 100, Vec::new()).expect("a valid page")
}

/// What release 0.1 wrote (the fixture dumps in each backend's `tests/fixtures/`), read
/// through the store traits; `api_key` is the sandbox's, read from the dump.
pub async fn release_0_1_reads_back(store: &dyn Store, api_key: &str) {
    let key = ApiKey::parse(api_key).expect("a well-formed API key");
    let (owner, _secret) = store
        .find_service_account_by_api_key(&key)
        .await
        .expect("the sandbox's service account, by its API key");
    assert_eq!(owner.name, "Sandbox owner");
    assert_eq!(owner.role, Role::Owner);
    assert!(owner.is_enabled());
    let scope = owner.business_account_id;
    let sandbox = store
        .get_business_account(scope, scope)
        .await
        .expect("the sandbox");
    assert_eq!(sandbox.name, "Sandbox");

    let by_external_id = CustomerFilter {
        external_id: Some("fixture-1".into()),
        ..CustomerFilter::default()
    };
    let found = store
        .list_customers(scope, &by_external_id, &first_page())
        .await
        .expect("list customers");
    let [sarah] = found.items.as_slice() else {
        panic!("one customer fixture-1, got {:?}", found.items);
    };
    let CustomerProfile::Individual(person) = &sarah.data.profile else {
        panic!("fixture-1 is an individual: {sarah:?}");
    };
    assert_eq!(
        (person.first_name.as_str(), person.last_name.as_str()),
        ("Sarah", "Green")
    );
    assert_eq!(person.date_of_birth, Some(date!(1990 - 04 - 01)));
    let [address] = sarah.data.addresses.as_slice() else {
        panic!("one address: {:?}", sarah.data.addresses);
    };
    assert_eq!(address.address_type, AddressType::Physical);
    assert_eq!(address.city_name.as_deref(), Some("Greenville"));
    let tier = BTreeMap::from([("tier".to_owned(), "gold".to_owned())]);
    assert_eq!(sarah.data.metadata, tier);
    let by_id = store.get_customer(scope, sarah.id).await.expect("by id");
    assert_eq!(&by_id, sarah);

    let businesses = CustomerFilter {
        customer_type: Some(CustomerType::Business),
        ..CustomerFilter::default()
    };
    let found = store
        .list_customers(scope, &businesses, &first_page())
        .await
        .expect("list business customers");
    let [acme] = found.items.as_slice() else {
        panic!("one business customer, got {:?}", found.items);
    };
    let CustomerProfile::Business(business) = &acme.data.profile else {
        panic!("ACME is a business: {acme:?}");
    };
    assert_eq!(business.business_name, "ACME");
    let owners = store
        .list_beneficiaries(scope, acme.id)
        .await
        .expect("ACME's beneficial owners");
    let [ada] = owners.as_slice() else {
        panic!("one beneficial owner, got {owners:?}");
    };
    assert_eq!(
        (ada.data.first_name.as_str(), ada.data.last_name.as_str()),
        ("Ada", "Lovelace")
    );
    assert_eq!(ada.data.social_id.as_deref(), Some("123-45-6789"));
    let by_id = store
        .get_beneficiary(scope, acme.id, ada.id)
        .await
        .expect("by id");
    assert_eq!(&by_id, ada);

    let sarahs = FinancialAccountFilter {
        holder_id: Some(sarah.id.as_uuid()),
        ..FinancialAccountFilter::default()
    };
    let accounts = store
        .list_financial_accounts(scope, &sarahs, &first_page())
        .await
        .expect("Sarah's financial accounts");
    assert_eq!(accounts.items.len(), 2, "{:?}", accounts.items);
    let named = |name: &str| {
        accounts
            .items
            .iter()
            .find(|account| account.name == name)
            .unwrap_or_else(|| panic!("no account {name}: {:?}", accounts.items))
    };
    let internal = named("Fixture Internal");
    assert_eq!(internal.category, Category::Internal);
    assert!(internal.default_flag);
    assert_eq!(internal.holder, AccountHolder::Customer(sarah.id));
    let card = named("Debit Card");
    assert_eq!(card.category, Category::External);
    assert_eq!(card.account_type, AccountType::Card);
    assert_eq!(card.account_number_tail, "1111");
    let by_id = store
        .get_financial_account(scope, internal.id)
        .await
        .expect("by id");
    assert_eq!(&by_id, internal);
    let balances = store
        .balances(scope, internal.id)
        .await
        .expect("the internal account's balances");
    assert_eq!(balances, Balances::default());
    limits_keep_their_ids(store, scope, sarah.id.as_uuid(), internal.id.as_uuid()).await;
}

/// The limits migration 10 stored for the customers and accounts of that release (random ids)
/// are still theirs: listed under the same ids, not the derived ones of later Customers.
async fn limits_keep_their_ids(
    store: &dyn Store,
    scope: BusinessAccountId,
    customer: uuid::Uuid,
    account: uuid::Uuid,
) {
    for (scope_type, scope_id, count) in [
        (LimitScope::Customer, customer, 8),
        (LimitScope::FinancialAccount, account, 4),
    ] {
        let limits = store
            .list_limits(scope, scope_type, scope_id)
            .await
            .expect("the limits");
        assert_eq!(limits.len(), count, "{limits:?}");
        for limit in limits {
            let derived = default_limit_id(scope_type, scope_id, limit.limit_type, limit.currency);
            assert_ne!(limit.id, derived, "the stored limit, not a derived one");
            assert_eq!(limit.amount_minor, default_amount_minor(limit.limit_type));
        }
    }
}

/// The defaults of that release.
fn default_amount_minor(limit_type: LimitType) -> i64 {
    match limit_type {
        LimitType::Single => 2_500_000,
        LimitType::Daily => 5_000_000,
        LimitType::Weekly => 10_000_000,
        LimitType::Monthly => 25_000_000,
    }
}

/// The addresses and contacts release 0.1 wrote got ids when the database was migrated
/// (migration 22): each its own, the same on every read, and kept when an update adds an
/// address beside them.
pub async fn release_0_1_lists_keep_their_ids(store: &dyn Store, api_key: &str) {
    let key = ApiKey::parse(api_key).expect("a well-formed API key");
    let (owner, _secret) = store
        .find_service_account_by_api_key(&key)
        .await
        .expect("the sandbox's service account, by its API key");
    let scope = owner.business_account_id;
    let everyone = store
        .list_customers(scope, &CustomerFilter::default(), &first_page())
        .await
        .expect("list customers");
    let sarah = everyone
        .items
        .iter()
        .find(|customer| customer.data.external_id.as_deref() == Some("fixture-1"))
        .expect("fixture-1");
    let [address] = sarah.data.addresses.as_slice() else {
        panic!("one address: {:?}", sarah.data.addresses);
    };
    assert!(!address.id.as_uuid().is_nil());
    let again = store.get_customer(scope, sarah.id).await.expect("by id");
    assert_eq!(
        again.data.addresses, sarah.data.addresses,
        "the same id on every read"
    );
    let mut next = sarah.clone();
    let added = crate::conformance::fixtures::address(AddressType::Mailing, true);
    next.data.addresses.push(added.clone());
    next.version += 1;
    store
        .update_customer(&next, sarah.version)
        .await
        .expect("an address added");
    let read = store.get_customer(scope, sarah.id).await.expect("by id");
    let ids: Vec<_> = read.data.addresses.iter().map(|a| a.id).collect();
    assert_eq!(ids, [address.id, added.id]);

    let acme = everyone
        .items
        .iter()
        .find(|customer| customer.data.customer_type() == CustomerType::Business)
        .expect("ACME");
    let CustomerProfile::Business(business) = &acme.data.profile else {
        panic!("ACME is a business: {acme:?}");
    };
    let ids: Vec<_> = business.contacts.iter().map(|c| c.id).collect();
    assert!(ids.iter().all(Option::is_some), "{ids:?}");
    let owners = store
        .list_beneficiaries(scope, acme.id)
        .await
        .expect("ACME's beneficial owners");
    let addresses: Vec<_> = owners.iter().flat_map(|o| &o.data.addresses).collect();
    assert!(!addresses.is_empty(), "{owners:?}");
    assert!(addresses.iter().all(|a| !a.id.as_uuid().is_nil()));
}

/// The secrets the webhook subscription `id` of `scope` signs with at
/// [`T0`](crate::conformance::fixtures::T0), read through the store as the delivery worker
/// reads them (a claim of a test delivery made for it).
pub async fn webhook_secrets_in_use(
    store: &dyn Store,
    scope: uuid::Uuid,
    id: uuid::Uuid,
) -> Vec<Vec<u8>> {
    let (scope, id) = (
        BusinessAccountId::from_uuid(scope),
        WebhookSubscriptionId::from_uuid(id),
    );
    store
        .create_webhook_test(scope, id, r#"{"test":true}"#, T0)
        .await
        .expect("a test delivery");
    let claimed = store
        .claim_webhook_deliveries(T0, T0.plus_ms(1), 10, 10)
        .await
        .expect("claimed");
    let [claim] = claimed.as_slice() else {
        panic!("one delivery, got {}", claimed.len());
    };
    assert_eq!(claim.subscription_id, id);
    claim.secrets.clone()
}
