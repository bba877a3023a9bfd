//! Business Accounts: the caller's, its subtree, and their limits.

use super::item;
use crate::client::{Call, Client};
use crate::error::Result;
use crate::models::{BusinessAccount, BusinessAccountLimits, BusinessAccountSummary};
use crate::paging::{Page, PageQuery, all_pages};
use reqwest::Method;

impl Client {
    /// `GET /v1/business-accounts` (`list_business_accounts`): one page.
    pub async fn list_business_accounts(&self, query: &PageQuery) -> Result<Page<BusinessAccount>> {
        self.call(Call::new(Method::GET, "/v1/business-accounts".into()).query(query))
            .await
    }

    /// Every Business Account the caller sees, from `query`'s page on.
    pub async fn list_all_business_accounts(
        &self,
        query: PageQuery,
    ) -> Result<Vec<BusinessAccount>> {
        all_pages(
            query,
            |q| async move { self.list_business_accounts(&q).await },
        )
        .await
    }

    /// `GET /v1/business-accounts/{businessAccountId}` (`get_business_account`); `embed` is a
    /// comma list of `children`, `verification-status`, `limits`.
    pub async fn get_business_account(
        &self,
        business_account_id: &str,
        embed: Option<&str>,
    ) -> Result<BusinessAccount> {
        let path = item("business-accounts", business_account_id, "");
        self.call(Call::new(Method::GET, path).param("embed", embed))
            .await
    }

    /// `GET /v1/business-accounts/{businessAccountId}/children` (`list_children`).
    pub async fn list_children(
        &self,
        business_account_id: &str,
    ) -> Result<Vec<BusinessAccountSummary>> {
        let path = item("business-accounts", business_account_id, "/children");
        self.call(Call::new(Method::GET, path)).await
    }

    /// `GET /v1/business-accounts/{businessAccountId}/limits` (`business_account_limits`):
    /// its limits, then its ancestors', for the periods containing `ts` (default now).
    pub async fn business_account_limits(
        &self,
        business_account_id: &str,
        ts: Option<&str>,
    ) -> Result<Vec<BusinessAccountLimits>> {
        let path = item("business-accounts", business_account_id, "/limits");
        self.call(Call::new(Method::GET, path).param("ts", ts))
            .await
    }
}
