//! Business Account reads: a caller sees its own Business Account and its descendants.

use crate::ServiceError;
use crate::auth::authorize;
use openkor_domain::business_account::{BusinessAccount, BusinessAccountSortField};
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_store::Store;
use std::sync::Arc;

/// Which Business Account a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountRef {
    /// `self`: the caller's own Business Account.
    Caller,
    /// An explicit id.
    Id(BusinessAccountId),
}

impl AccountRef {
    /// The Business Account named, `self` being the caller's.
    pub(crate) fn resolve(self, principal: &Principal) -> BusinessAccountId {
        match self {
            AccountRef::Caller => principal.business_account_id,
            AccountRef::Id(id) => id,
        }
    }
}

const BUSINESS_ACCOUNT: &str = "business account";

/// Business Account reads.
#[derive(Clone)]
pub struct BusinessAccountService {
    store: Arc<dyn Store>,
}

impl BusinessAccountService {
    /// Wires the use cases.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }

    /// One Business Account visible to the caller.
    pub async fn get(
        &self,
        principal: &Principal,
        target: AccountRef,
    ) -> Result<BusinessAccount, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .get_business_account(principal.business_account_id, target.resolve(principal))
            .await
            .map_err(ServiceError::from_store(BUSINESS_ACCOUNT))
    }

    /// The direct children of a Business Account visible to the caller.
    pub async fn children(
        &self,
        principal: &Principal,
        target: AccountRef,
    ) -> Result<Vec<BusinessAccount>, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .list_child_business_accounts(principal.business_account_id, target.resolve(principal))
            .await
            .map_err(ServiceError::from_store(BUSINESS_ACCOUNT))
    }

    /// One page of the caller's Business Account and its descendants.
    pub async fn list(
        &self,
        principal: &Principal,
        request: &PageRequest<BusinessAccountSortField>,
    ) -> Result<Page<BusinessAccount>, ServiceError> {
        authorize(principal, Permission::Read)?;
        Ok(self
            .store
            .list_business_accounts(principal.business_account_id, request)
            .await?)
    }
}
