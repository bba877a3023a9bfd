//! Reading and managing Financial Accounts.

use super::FinancialAccountService;
use crate::ServiceError;
use crate::auth::authorize;
use crate::customers::actor_of;
use openkor_domain::financial_account::{
    AccountState, Category, FinancialAccount, FinancialAccountFilter, FinancialAccountSortField,
};
use openkor_domain::ids::{CustomerId, FinancialAccountId};
use openkor_domain::ledger::Balances;
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;

const ACCOUNT: &str = "financial account";

impl FinancialAccountService {
    /// One live account of the caller.
    pub async fn get(
        &self,
        principal: &Principal,
        id: FinancialAccountId,
    ) -> Result<FinancialAccount, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .get_financial_account(principal.business_account_id, id)
            .await
            .map_err(ServiceError::from_store(ACCOUNT))
    }

    /// One page of the caller's live accounts matching `filter`.
    pub async fn list(
        &self,
        principal: &Principal,
        filter: &FinancialAccountFilter,
        request: &PageRequest<FinancialAccountSortField>,
    ) -> Result<Page<FinancialAccount>, ServiceError> {
        authorize(principal, Permission::Read)?;
        Ok(self
            .store
            .list_financial_accounts(principal.business_account_id, filter, request)
            .await?)
    }

    /// One page of the accounts of a live customer of the caller.
    pub async fn list_for_customer(
        &self,
        principal: &Principal,
        customer: CustomerId,
        filter: FinancialAccountFilter,
        request: &PageRequest<FinancialAccountSortField>,
    ) -> Result<Page<FinancialAccount>, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .get_customer(principal.business_account_id, customer)
            .await
            .map_err(ServiceError::from_store("customer"))?;
        let filter = FinancialAccountFilter {
            holder_id: Some(customer.as_uuid()),
            ..filter
        };
        self.list(principal, &filter, request).await
    }

    /// The account, if the caller may manage it: accounts of customers only, since business
    /// Financial Accounts are provisioned and managed by the operator.
    async fn manageable(
        &self,
        principal: &Principal,
        id: FinancialAccountId,
    ) -> Result<FinancialAccount, ServiceError> {
        authorize(principal, Permission::ManageCustomerAccounts)?;
        let account = self.get(principal, id).await?;
        if account.is_business_account() {
            return Err(ServiceError::BusinessRule(
                "business Financial Accounts are managed by the operator, not through the API"
                    .into(),
            ));
        }
        Ok(account)
    }

    /// Sets the state (suspend, unsuspend); setting the current state again is a no-op.
    pub async fn set_state(
        &self,
        principal: &Principal,
        id: FinancialAccountId,
        state: AccountState,
    ) -> Result<FinancialAccount, ServiceError> {
        let account = self.manageable(principal, id).await?;
        if account.state == state {
            return Ok(account);
        }
        self.store
            .set_financial_account_state(
                principal.business_account_id,
                id,
                state,
                actor_of(principal),
                self.clock.now(),
            )
            .await
            .map_err(ServiceError::from_store(ACCOUNT))
    }

    /// Deletes an account of a customer. The database refuses (422) to delete an account whose
    /// ledger balance is not zero or that has a pending transfer, atomically with the deletion.
    pub async fn delete(
        &self,
        principal: &Principal,
        id: FinancialAccountId,
    ) -> Result<(), ServiceError> {
        self.manageable(principal, id).await?;
        self.store
            .delete_financial_account(
                principal.business_account_id,
                id,
                actor_of(principal),
                self.clock.now(),
            )
            .await
            .map_err(ServiceError::from_store(ACCOUNT))
    }

    /// The balances of a ledgered account (internal, integrated or business); an external
    /// account's balance is kept by its bank, not by openkor.
    pub async fn balances(
        &self,
        principal: &Principal,
        id: FinancialAccountId,
    ) -> Result<(FinancialAccount, Balances), ServiceError> {
        let account = self.get(principal, id).await?;
        if account.category == Category::External {
            return Err(ServiceError::BusinessRule(
                "openkor keeps no ledger for EXTERNAL Financial Accounts".into(),
            ));
        }
        let balances = self
            .store
            .balances(principal.business_account_id, id)
            .await
            .map_err(ServiceError::from_store(ACCOUNT))?;
        Ok((account, balances))
    }
}
