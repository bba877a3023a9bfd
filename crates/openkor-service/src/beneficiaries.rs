//! Beneficial-owner use cases: create, read, list, update — for business customers only.

use crate::ServiceError;
use crate::auth::authorize;
use crate::customers::{UPDATE_ATTEMPTS_MAX, actor_of};
use openkor_domain::beneficiary::{Beneficiary, BeneficiaryDraft};
use openkor_domain::business_account::VerificationStatus;
use openkor_domain::clock::Clock;
use openkor_domain::customer::CustomerType;
use openkor_domain::ids::{BeneficiaryId, CustomerId};
use openkor_domain::limits::BENEFICIARIES_MAX;
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_store::db::Constraint;
use openkor_store::{Store, StoreError};
use std::sync::Arc;

const CUSTOMER: &str = "customer";
const BENEFICIARY: &str = "beneficiary";

/// Beneficial-owner use cases.
#[derive(Clone)]
pub struct BeneficiaryService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl BeneficiaryService {
    /// Wires the use cases.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    /// Creates a beneficial owner of a business customer.
    pub async fn create(
        &self,
        principal: &Principal,
        customer_id: CustomerId,
        draft: BeneficiaryDraft,
    ) -> Result<Beneficiary, ServiceError> {
        authorize(principal, Permission::ManageCustomers)?;
        let customer = self
            .store
            .get_customer(principal.business_account_id, customer_id)
            .await
            .map_err(ServiceError::from_store(CUSTOMER))?;
        if customer.data.customer_type() != CustomerType::Business {
            return Err(ServiceError::BusinessRule(
                "only BUSINESS customers have beneficial owners".to_owned(),
            ));
        }
        let now = self.clock.now();
        let data = draft.validate(now.to_offset_date_time().date())?;
        let actor = actor_of(principal);
        let beneficiary = Beneficiary {
            id: BeneficiaryId::new(),
            business_account_id: principal.business_account_id,
            customer_id,
            data,
            verification: VerificationStatus::unverified(now),
            version: 1,
            created_by: actor,
            created_at: now,
            updated_by: actor,
            updated_at: now,
        };
        match self
            .store
            .create_beneficiary(&beneficiary, BENEFICIARIES_MAX)
            .await
        {
            Ok(()) => Ok(beneficiary),
            Err(StoreError::Conflict(Constraint::BeneficialOwnersFull)) => {
                Err(ServiceError::BusinessRule(format!(
                    "a customer may have at most {BENEFICIARIES_MAX} beneficial owners"
                )))
            }
            Err(error) => Err(ServiceError::from_store(CUSTOMER)(error)),
        }
    }

    /// One beneficial owner of a live customer of the caller.
    pub async fn get(
        &self,
        principal: &Principal,
        customer_id: CustomerId,
        id: BeneficiaryId,
    ) -> Result<Beneficiary, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .get_beneficiary(principal.business_account_id, customer_id, id)
            .await
            .map_err(ServiceError::from_store(BENEFICIARY))
    }

    /// Every beneficial owner of a live customer of the caller, oldest first.
    pub async fn list(
        &self,
        principal: &Principal,
        customer_id: CustomerId,
    ) -> Result<Vec<Beneficiary>, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .list_beneficiaries(principal.business_account_id, customer_id)
            .await
            .map_err(ServiceError::from_store(CUSTOMER))
    }

    /// Updates a beneficial owner: absent fields keep their value, `null` clears, `addresses`
    /// entries merge into the stored addresses by id (an address it does not name stays).
    pub async fn update(
        &self,
        principal: &Principal,
        customer_id: CustomerId,
        id: BeneficiaryId,
        update: BeneficiaryDraft,
    ) -> Result<Beneficiary, ServiceError> {
        authorize(principal, Permission::ManageCustomers)?;
        for _ in 0..UPDATE_ATTEMPTS_MAX {
            let current = self.get(principal, customer_id, id).await?;
            let now = self.clock.now();
            let data = BeneficiaryDraft::of(&current.data)
                .overlay(update.clone())
                .validate(now.to_offset_date_time().date())?;
            let next = Beneficiary {
                data,
                version: current.version + 1,
                updated_by: actor_of(principal),
                updated_at: now.max(current.updated_at),
                ..current.clone()
            };
            match self.store.update_beneficiary(&next, current.version).await {
                Ok(()) => return Ok(next),
                Err(StoreError::Stale) => continue,
                Err(error) => return Err(ServiceError::from_store(BENEFICIARY)(error)),
            }
        }
        Err(StoreError::Stale.into())
    }
}
