//! Conformance cases: beneficial owners.

use super::fixtures::{self, T0};
use crate::{Store, StoreError};
use openkor_domain::actor::Actor;
use openkor_domain::address::AddressType;
use openkor_domain::customer::Customer;
use openkor_domain::ids::{BeneficiaryId, BusinessAccountId, CustomerId};

async fn business_customer(store: &dyn Store) -> Customer {
    let provisioning = fixtures::provisioning("Acme", None, T0);
    store.provision(&provisioning).await.expect("provision");
    let customer = fixtures::business(provisioning.business_account.id, "ACME", T0);
    store
        .create_customer(&customer, &[])
        .await
        .expect("customer");
    customer
}

/// Beneficial owners read back exactly, per customer, oldest first.
pub async fn beneficiaries_read_back_exactly(store: &dyn Store) {
    let customer = business_customer(store).await;
    let ada = fixtures::beneficiary(&customer, "Ada", T0);
    let grace = fixtures::beneficiary(&customer, "Grace", T0.plus_ms(1));
    store.create_beneficiary(&ada, 20).await.expect("ada");
    store.create_beneficiary(&grace, 20).await.expect("grace");
    let scope = customer.business_account_id;
    assert_eq!(
        store
            .get_beneficiary(scope, customer.id, ada.id)
            .await
            .expect("get"),
        ada
    );
    assert_eq!(
        store
            .list_beneficiaries(scope, customer.id)
            .await
            .expect("list"),
        vec![ada, grace]
    );
}

/// Only a live business customer of the same Business Account can have owners, up to the cap.
pub async fn beneficiaries_need_a_live_business_customer_of_the_tenant(store: &dyn Store) {
    let customer = business_customer(store).await;
    let scope = customer.business_account_id;
    let person = fixtures::individual(scope, "Sarah", T0);
    store.create_customer(&person, &[]).await.expect("person");
    let of_person = fixtures::beneficiary(&person, "Ada", T0);
    assert!(store.create_beneficiary(&of_person, 20).await.is_err());
    let mut foreign = fixtures::beneficiary(&customer, "Ada", T0);
    foreign.business_account_id = BusinessAccountId::new();
    assert!(
        store
            .create_beneficiary(&foreign, 20)
            .await
            .is_err_and(|e| e.is_not_found())
    );
    store
        .create_beneficiary(&fixtures::beneficiary(&customer, "One", T0), 2)
        .await
        .expect("one");
    store
        .create_beneficiary(&fixtures::beneficiary(&customer, "Two", T0), 2)
        .await
        .expect("two");
    let third = store
        .create_beneficiary(&fixtures::beneficiary(&customer, "Three", T0), 2)
        .await;
    assert!(
        matches!(
            &third,
            Err(StoreError::Conflict(
                crate::db::Constraint::BeneficialOwnersFull
            ))
        ),
        "{third:?}"
    );
    store
        .delete_customer(scope, customer.id, Actor::INTERNAL, T0)
        .await
        .expect("delete");
    let after_delete = store
        .create_beneficiary(&fixtures::beneficiary(&customer, "Late", T0), 20)
        .await;
    assert!(after_delete.is_err_and(|e| e.is_not_found()));
    assert!(
        store
            .list_beneficiaries(scope, customer.id)
            .await
            .is_err_and(|e| e.is_not_found())
    );
}

/// Reads are scoped to the tenant and the customer.
pub async fn beneficiaries_are_scoped_to_their_customer_and_tenant(store: &dyn Store) {
    let customer = business_customer(store).await;
    let owner = fixtures::beneficiary(&customer, "Ada", T0);
    store.create_beneficiary(&owner, 20).await.expect("create");
    let scope = customer.business_account_id;
    for (scope, customer_id, id) in [
        (BusinessAccountId::new(), customer.id, owner.id),
        (scope, CustomerId::new(), owner.id),
        (scope, customer.id, BeneficiaryId::new()),
    ] {
        let outcome = store.get_beneficiary(scope, customer_id, id).await;
        assert!(outcome.is_err_and(|e| e.is_not_found()));
    }
    assert!(
        store
            .list_beneficiaries(BusinessAccountId::new(), customer.id)
            .await
            .is_err_and(|e| e.is_not_found())
    );
}

/// An update replaces fields and addresses, and refuses a stale version.
pub async fn beneficiary_updates_replace_and_refuse_stale_versions(store: &dyn Store) {
    let customer = business_customer(store).await;
    let owner = fixtures::beneficiary(&customer, "Ada", T0);
    store.create_beneficiary(&owner, 20).await.expect("create");
    let mut changed = owner.clone();
    changed.version = 2;
    changed.data.social_id = None;
    changed.data.social_id_country_code = None;
    changed.data.place_of_birth = None;
    changed.data.addresses = vec![fixtures::address(AddressType::Mailing, true)];
    changed.updated_at = T0.plus_ms(9);
    store.update_beneficiary(&changed, 1).await.expect("update");
    let scope = customer.business_account_id;
    assert_eq!(
        store
            .get_beneficiary(scope, customer.id, owner.id)
            .await
            .expect("read"),
        changed
    );
    let stale = store.update_beneficiary(&changed, 1).await;
    assert!(matches!(stale, Err(StoreError::Stale)), "{stale:?}");
}
