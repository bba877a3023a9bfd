//! Transaction limits (reference §8): reading the limits of a Customer or Financial Account
//! and their usage, and changing their amounts. Their enforcement is part of creating a
//! transaction, in the store.

use crate::ServiceError;
use crate::auth::authorize;
use crate::business_accounts::AccountRef;
use openkor_domain::clock::{Clock, Timestamp};
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::money::Currency;
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_domain::transaction_limits::{
    BusinessAccountLimits, LimitAmount, LimitScope, LimitType, LimitUsage, TransactionLimit,
};
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use openkor_store::Store;
use std::sync::Arc;
use uuid::Uuid;

const SCOPE: &str = "limit scope";

/// Limit use cases.
#[derive(Clone)]
pub struct LimitService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl LimitService {
    /// Over `store` and `clock`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    /// Now, on the service's clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// `GET /v1/limits`.
    pub async fn list(
        &self,
        principal: &Principal,
        scope_type: LimitScope,
        scope_id: Uuid,
    ) -> Result<Vec<TransactionLimit>, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .list_limits(principal.business_account_id, scope_type, scope_id)
            .await
            .map_err(ServiceError::from_store(SCOPE))
    }

    /// `PUT /v1/limits`: every amount set, or none.
    pub async fn update(
        &self,
        principal: &Principal,
        amounts_minor: &[(Uuid, i64)],
    ) -> Result<Vec<TransactionLimit>, ServiceError> {
        authorize(principal, Permission::ManageLimits)?;
        self.store
            .update_limits(
                principal.business_account_id,
                amounts_minor,
                self.clock.now(),
            )
            .await
            .map_err(ServiceError::from_store("limit"))
    }

    /// The limits of a scope with their usage in the windows containing `at` (now if `None`).
    pub async fn usage(
        &self,
        principal: &Principal,
        scope_type: LimitScope,
        scope_id: Uuid,
        at: Option<Timestamp>,
    ) -> Result<Vec<LimitUsage>, ServiceError> {
        authorize(principal, Permission::Read)?;
        let at = at.unwrap_or_else(|| self.clock.now());
        self.store
            .limit_usage(principal.business_account_id, scope_type, scope_id, at)
            .await
            .map_err(ServiceError::from_store(SCOPE))
    }

    /// `GET /v1/business-accounts/{id}/limits`: the limits of a Business Account the caller
    /// sees and of each of its ancestors, with their usage in the windows containing `at` (now
    /// if `None`).
    pub async fn business_account_limits(
        &self,
        principal: &Principal,
        target: AccountRef,
        at: Option<Timestamp>,
    ) -> Result<Vec<BusinessAccountLimits>, ServiceError> {
        authorize(principal, Permission::Read)?;
        let at = at.unwrap_or_else(|| self.clock.now());
        self.store
            .business_account_limits(principal.business_account_id, target.resolve(principal), at)
            .await
            .map_err(ServiceError::from_store("business account"))
    }

    /// Sets a Business Account limit (the operator's command line; no caller).
    pub async fn set_business_account_limit(
        &self,
        target: BusinessAccountId,
        limit: LimitAmount,
    ) -> Result<TransactionLimit, ServiceError> {
        if limit.limit_type == LimitType::Single {
            return Err(ServiceError::Validation(ValidationErrors::from(
                FieldError::new(
                    "limitType",
                    FieldErrorCode::InvalidValue,
                    "a Business Account has DAILY, WEEKLY and MONTHLY limits only",
                ),
            )));
        }
        self.store
            .set_business_account_limit(target, limit, self.clock.now())
            .await
            .map_err(ServiceError::from_store("business account"))
    }

    /// Removes a Business Account limit (the operator's command line; no caller).
    pub async fn remove_business_account_limit(
        &self,
        target: BusinessAccountId,
        limit_type: LimitType,
        currency: Currency,
    ) -> Result<(), ServiceError> {
        self.store
            .remove_business_account_limit(target, limit_type, currency)
            .await
            .map_err(ServiceError::from_store("business account limit"))
    }
}
