//! The sandbox: deposits from outside the platform and simulated rail outcomes.

use crate::client::{Call, Client};
use crate::error::Result;
use crate::models::{DepositRequest, SimulateRequest, Transaction};
use reqwest::Method;

impl Client {
    /// `POST /v1/sandbox/deposits` (`create_deposit`).
    pub async fn create_deposit(
        &self,
        body: &DepositRequest,
        idempotency_key: Option<&str>,
    ) -> Result<Transaction> {
        let call = Call::new(Method::POST, "/v1/sandbox/deposits".into()).json(body)?;
        self.call(call.idempotency_key(idempotency_key)).await
    }

    /// `POST /v1/sandbox/transactions/{transactionId}/simulate` (operation `simulate`).
    pub async fn simulate_transaction(
        &self,
        transaction_id: &str,
        body: &SimulateRequest,
    ) -> Result<Transaction> {
        let rest = format!("/{}/simulate", crate::client::segment(transaction_id));
        let path = format!("/v1/sandbox/transactions{rest}");
        self.call(Call::new(Method::POST, path).json(body)?).await
    }
}
