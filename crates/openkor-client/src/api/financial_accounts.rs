//! Financial Accounts: the four kinds of create, reads and lists, balances, suspension,
//! deletion and verification.

use super::item;
use crate::client::{Call, Client};
use crate::error::Result;
use crate::models::{
    Balances, ExternalBankAccountRequest, ExternalCardRequest, FinancialAccount,
    FinancialAccountSummary, IntegratedBankAccountRequest, InternalAccountRequest, SuspendRequest,
    Verification, VerifyRequest,
};
use crate::paging::{Page, all_pages};
use crate::queries::{CustomerFinancialAccountQuery, FinancialAccountQuery};
use reqwest::Method;

impl Client {
    /// `POST /v1/internal-financial-accounts` (`create_internal`).
    pub async fn create_internal(&self, body: &InternalAccountRequest) -> Result<FinancialAccount> {
        let call = Call::new(Method::POST, "/v1/internal-financial-accounts".into());
        self.call(call.json(body)?).await
    }

    /// `POST /v1/external-bank-accounts` (`create_external_bank`).
    pub async fn create_external_bank(
        &self,
        body: &ExternalBankAccountRequest,
    ) -> Result<FinancialAccount> {
        let call = Call::new(Method::POST, "/v1/external-bank-accounts".into());
        self.call(call.json(body)?).await
    }

    /// `POST /v1/external-cards` (`create_external_card`).
    pub async fn create_external_card(
        &self,
        body: &ExternalCardRequest,
    ) -> Result<FinancialAccount> {
        let call = Call::new(Method::POST, "/v1/external-cards".into());
        self.call(call.json(body)?).await
    }

    /// `POST /v1/integrated-bank-accounts` (`create_integrated_bank`).
    pub async fn create_integrated_bank(
        &self,
        body: &IntegratedBankAccountRequest,
    ) -> Result<FinancialAccount> {
        let call = Call::new(Method::POST, "/v1/integrated-bank-accounts".into());
        self.call(call.json(body)?).await
    }

    /// `GET /v1/financial-accounts` (`list_financial_accounts`): one page.
    pub async fn list_financial_accounts(
        &self,
        query: &FinancialAccountQuery,
    ) -> Result<Page<FinancialAccountSummary>> {
        let call = Call::new(Method::GET, "/v1/financial-accounts".into());
        self.call(call.query(query)).await
    }

    /// Every Financial Account matching `query`, from its page on.
    pub async fn list_all_financial_accounts(
        &self,
        query: FinancialAccountQuery,
    ) -> Result<Vec<FinancialAccountSummary>> {
        all_pages(
            query,
            |q| async move { self.list_financial_accounts(&q).await },
        )
        .await
    }

    /// `GET /v1/customers/{customerId}/financial-accounts`
    /// (`list_customer_financial_accounts`): one page.
    pub async fn list_customer_financial_accounts(
        &self,
        customer_id: &str,
        query: &CustomerFinancialAccountQuery,
    ) -> Result<Page<FinancialAccountSummary>> {
        let path = item("customers", customer_id, "/financial-accounts");
        self.call(Call::new(Method::GET, path).query(query)).await
    }

    /// `GET /v1/financial-accounts/{financialAccountId}` (`get_financial_account`); `embed`
    /// is a comma list of `balances`, `accountHolder` (the customer, Business Account or
    /// Recipient), `limits`.
    pub async fn get_financial_account(
        &self,
        financial_account_id: &str,
        embed: Option<&str>,
    ) -> Result<FinancialAccount> {
        let path = item("financial-accounts", financial_account_id, "");
        self.call(Call::new(Method::GET, path).param("embed", embed))
            .await
    }

    /// `DELETE /v1/financial-accounts/{financialAccountId}` (operation `delete`).
    pub async fn delete_financial_account(&self, financial_account_id: &str) -> Result<()> {
        let path = item("financial-accounts", financial_account_id, "");
        self.call_empty(Call::new(Method::DELETE, path)).await
    }

    /// `GET /v1/financial-accounts/{financialAccountId}/balances` (`get_balances`).
    pub async fn get_balances(&self, financial_account_id: &str) -> Result<Balances> {
        let path = item("financial-accounts", financial_account_id, "/balances");
        self.call(Call::new(Method::GET, path)).await
    }

    /// `POST /v1/financial-accounts/{financialAccountId}/suspend` (operation `suspend`):
    /// answers 204; `body` may carry a `stateReason`.
    pub async fn suspend_financial_account(
        &self,
        financial_account_id: &str,
        body: Option<&SuspendRequest>,
    ) -> Result<()> {
        let path = item("financial-accounts", financial_account_id, "/suspend");
        let call = Call::new(Method::POST, path);
        let call = match body {
            Some(body) => call.json(body)?,
            None => call,
        };
        self.call_empty(call).await
    }

    /// `PUT /v1/financial-accounts/{financialAccountId}/suspend` (operation `suspend_older`,
    /// the older spelling): answers the suspended account.
    pub async fn suspend_financial_account_older(
        &self,
        financial_account_id: &str,
        body: Option<&SuspendRequest>,
    ) -> Result<FinancialAccount> {
        let path = item("financial-accounts", financial_account_id, "/suspend");
        let call = Call::new(Method::PUT, path);
        let call = match body {
            Some(body) => call.json(body)?,
            None => call,
        };
        self.call(call).await
    }

    /// `PUT /v1/financial-accounts/{financialAccountId}/unsuspend` (operation `unsuspend`).
    pub async fn unsuspend_financial_account(
        &self,
        financial_account_id: &str,
    ) -> Result<FinancialAccount> {
        let path = item("financial-accounts", financial_account_id, "/unsuspend");
        self.call(Call::new(Method::PUT, path)).await
    }

    /// `POST /v1/financial-accounts:verify` (operation `verify`): starts prenotes.
    pub async fn verify_financial_accounts(&self, body: &VerifyRequest) -> Result<Verification> {
        let call = Call::new(Method::POST, "/v1/financial-accounts:verify".into());
        self.call(call.json(body)?).await
    }
}
