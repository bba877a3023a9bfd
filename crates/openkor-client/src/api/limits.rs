//! Transaction limits: read, change, utilisation, and a Financial Account's by period.

use super::item;
use crate::client::{Call, Client};
use crate::error::Result;
use crate::models::{AccountLimits, Limit, LimitUpdate, Utilisation};
use crate::queries::LimitScope;
use reqwest::Method;
use std::collections::BTreeMap;

impl Client {
    /// `GET /v1/limits` (`list_limits`).
    pub async fn list_limits(&self, scope: &LimitScope) -> Result<Vec<Limit>> {
        self.call(Call::new(Method::GET, "/v1/limits".into()).query(scope))
            .await
    }

    /// `PUT /v1/limits` (`update_limits`): new amounts by limit id.
    pub async fn update_limits(&self, body: &BTreeMap<String, LimitUpdate>) -> Result<Vec<Limit>> {
        self.call(Call::new(Method::PUT, "/v1/limits".into()).json(body)?)
            .await
    }

    /// `GET /v1/limits/utilisation` (`utilisation`); `reference_date` is a US Eastern
    /// `yyyy-MM-dd` (default today).
    pub async fn utilisation(
        &self,
        scope: &LimitScope,
        reference_date: Option<&str>,
    ) -> Result<Vec<Utilisation>> {
        let call = Call::new(Method::GET, "/v1/limits/utilisation".into()).query(scope);
        self.call(call.param("referenceDate", reference_date)).await
    }

    /// `GET /v1/financial-accounts/{financialAccountId}/limits` (`account_limits`): the
    /// periods containing `ts` (default now).
    pub async fn account_limits(
        &self,
        financial_account_id: &str,
        ts: Option<&str>,
    ) -> Result<AccountLimits> {
        let path = item("financial-accounts", financial_account_id, "/limits");
        self.call(Call::new(Method::GET, path).param("ts", ts))
            .await
    }
}
