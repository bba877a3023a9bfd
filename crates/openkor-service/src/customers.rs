//! Customer use cases: create, read, update (merge), suspend, unsuspend, delete, list.

use crate::ServiceError;
use crate::auth::authorize;
use openkor_domain::actor::Actor;
use openkor_domain::business_account::VerificationStatus;
use openkor_domain::clock::Clock;
use openkor_domain::customer::{
    Customer, CustomerDraft, CustomerFilter, CustomerSortField, CustomerStatus,
};
use openkor_domain::ids::CustomerId;
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_domain::transaction_limits::LimitAmount;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use openkor_store::db::Constraint;
use openkor_store::{Store, StoreError};
use std::sync::Arc;
use time::Date;

/// A read-modify-write that lost a race is retried this many times before answering 409.
pub const UPDATE_ATTEMPTS_MAX: usize = 3;

const CUSTOMER: &str = "customer";

/// The actor of a Service Account's request.
pub fn actor_of(principal: &Principal) -> Actor {
    Actor::service_account(principal.service_account_id.as_uuid())
}

fn duplicate_external_id(error: StoreError) -> ServiceError {
    match error {
        StoreError::Conflict(Constraint::CustomerExternalId) => {
            ServiceError::Duplicate(FieldError::new(
                "externalId",
                FieldErrorCode::Duplicate,
                "is already used by another customer of this business account",
            ))
        }
        StoreError::NotFound => ServiceError::NotFound(CUSTOMER),
        other => other.into(),
    }
}

/// Customer use cases.
#[derive(Clone)]
pub struct CustomerService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl CustomerService {
    /// Wires the use cases.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    fn today(&self) -> Date {
        self.clock.now().to_offset_date_time().date()
    }

    /// Creates a customer: `ACTIVE`, `UNVERIFIED`, created by the caller, with the default
    /// limits, each of `limits` replacing the default of its type and currency.
    pub async fn create(
        &self,
        principal: &Principal,
        draft: CustomerDraft,
        limits: &[LimitAmount],
    ) -> Result<Customer, ServiceError> {
        authorize(principal, Permission::ManageCustomers)?;
        let data = draft.validate(self.today())?;
        let now = self.clock.now();
        let actor = actor_of(principal);
        let customer = Customer {
            id: CustomerId::new(),
            business_account_id: principal.business_account_id,
            status: CustomerStatus::Active,
            data,
            verification: VerificationStatus::unverified(now),
            version: 1,
            created_by: actor,
            created_at: now,
            updated_by: actor,
            updated_at: now,
        };
        self.store
            .create_customer(&customer, limits)
            .await
            .map_err(duplicate_external_id)?;
        Ok(customer)
    }

    /// One live customer of the caller's Business Account.
    pub async fn get(
        &self,
        principal: &Principal,
        id: CustomerId,
    ) -> Result<Customer, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .get_customer(principal.business_account_id, id)
            .await
            .map_err(ServiceError::from_store(CUSTOMER))
    }

    /// Applies `change` to the current customer and stores the result, retrying when another
    /// request changed the customer in between.
    async fn modify(
        &self,
        principal: &Principal,
        id: CustomerId,
        change: impl Fn(&Customer) -> Result<Customer, ServiceError>,
    ) -> Result<Customer, ServiceError> {
        authorize(principal, Permission::ManageCustomers)?;
        for _ in 0..UPDATE_ATTEMPTS_MAX {
            let current = self
                .store
                .get_customer(principal.business_account_id, id)
                .await
                .map_err(ServiceError::from_store(CUSTOMER))?;
            let mut next = change(&current)?;
            if next == current {
                // Nothing changes (a repeated suspend, an update to the same values): nothing
                // is written, so version, updatedAt and updatedBy stay.
                return Ok(current);
            }
            next.version = current.version + 1;
            next.updated_by = actor_of(principal);
            next.updated_at = self.clock.now().max(current.updated_at);
            match self.store.update_customer(&next, current.version).await {
                Ok(()) => return Ok(next),
                Err(StoreError::Stale) => continue,
                Err(error) => return Err(duplicate_external_id(error)),
            }
        }
        Err(StoreError::Stale.into())
    }

    /// Updates a customer: absent fields keep their value, `null` clears, `addresses` and
    /// `contacts` entries merge into the stored lists by id and `metadata` key by key (nothing
    /// the update does not name is lost); a `sent_status` (the read-only status sent back) must
    /// be the current one.
    pub async fn update(
        &self,
        principal: &Principal,
        id: CustomerId,
        update: CustomerDraft,
        sent_status: Option<String>,
    ) -> Result<Customer, ServiceError> {
        let today = self.today();
        self.modify(principal, id, |current| {
            if let Some(sent) = &sent_status
                && sent != current.status.code()
            {
                return Err(ServiceError::Validation(
                    FieldError::new(
                        "status",
                        FieldErrorCode::Inconsistent,
                        format!(
                            "is read-only (the customer is {}): suspend and unsuspend with \
                             PUT /v1/customers/{{customerId}}/suspend or /unsuspend",
                            current.status.code()
                        ),
                    )
                    .into(),
                ));
            }
            let merged = CustomerDraft::of(&current.data).overlay(update.clone())?;
            let mut data = merged.validate(today)?;
            data.keep_verification_of(&current.data);
            Ok(Customer {
                data,
                ..current.clone()
            })
        })
        .await
    }

    /// Sets the status (suspend, unsuspend); setting the current status again changes nothing
    /// but is not an error.
    pub async fn set_status(
        &self,
        principal: &Principal,
        id: CustomerId,
        status: CustomerStatus,
    ) -> Result<Customer, ServiceError> {
        self.modify(principal, id, |current| {
            Ok(Customer {
                status,
                ..current.clone()
            })
        })
        .await
    }

    /// Deletes a customer and all its Financial Accounts; they vanish from every read. Refused
    /// (422) while one of its internal accounts holds money or has a pending transfer.
    pub async fn delete(&self, principal: &Principal, id: CustomerId) -> Result<(), ServiceError> {
        authorize(principal, Permission::ManageCustomers)?;
        self.store
            .delete_customer(
                principal.business_account_id,
                id,
                actor_of(principal),
                self.clock.now(),
            )
            .await
            .map_err(|error| match error {
                StoreError::Refused(_) => ServiceError::BusinessRule(
                    "a customer can be deleted only when each of its internal Financial Accounts \
                     has a zero balance and nothing pending"
                        .into(),
                ),
                other => ServiceError::from_store(CUSTOMER)(other),
            })
    }

    /// One page of the caller's live customers matching `filter`.
    pub async fn list(
        &self,
        principal: &Principal,
        filter: &CustomerFilter,
        request: &PageRequest<CustomerSortField>,
    ) -> Result<Page<Customer>, ServiceError> {
        authorize(principal, Permission::Read)?;
        Ok(self
            .store
            .list_customers(principal.business_account_id, filter, request)
            .await?)
    }
}
