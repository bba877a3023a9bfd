//! Transactions: create (with an `Idempotency-Key`), read, list, edit, cancel, reverse, STP,
//! statuses, histories and payment reasons.

use super::item;
use crate::client::{Call, Client};
use crate::error::Result;
use crate::models::{
    EditRequest, PaymentReason, Reversal, ReverseRequest, Stp, StpRequest, Transaction,
    TransactionHistory, TransactionRequest, TransactionStatus,
};
use crate::paging::{Page, all_pages};
use crate::queries::{HistoryQuery, TransactionQuery};
use reqwest::Method;

impl Client {
    /// `POST /v1/transactions` (`create_transaction`). The same `idempotency_key` with the
    /// same body replays the first answer instead of moving money twice.
    pub async fn create_transaction(
        &self,
        body: &TransactionRequest,
        idempotency_key: Option<&str>,
    ) -> Result<Transaction> {
        let call = Call::new(Method::POST, "/v1/transactions".into());
        self.call(call.json(body)?.idempotency_key(idempotency_key))
            .await
    }

    /// `GET /v1/transactions` (`list_transactions`): one page.
    pub async fn list_transactions(&self, query: &TransactionQuery) -> Result<Page<Transaction>> {
        self.call(Call::new(Method::GET, "/v1/transactions".into()).query(query))
            .await
    }

    /// Every transaction matching `query`, from its page on.
    pub async fn list_all_transactions(&self, query: TransactionQuery) -> Result<Vec<Transaction>> {
        all_pages(query, |q| async move { self.list_transactions(&q).await }).await
    }

    /// `GET /v1/transactions/{transactionId}` (`get_transaction`); `embed` is a comma list
    /// of `creditFinancialAccount`, `debitFinancialAccount`.
    pub async fn get_transaction(
        &self,
        transaction_id: &str,
        embed: Option<&str>,
    ) -> Result<Transaction> {
        let path = item("transactions", transaction_id, "");
        self.call(Call::new(Method::GET, path).param("embed", embed))
            .await
    }

    /// `PUT /v1/transactions/{transactionId}` (`edit_transaction`): cancels it and creates
    /// its replacement, answered.
    pub async fn edit_transaction(
        &self,
        transaction_id: &str,
        body: &EditRequest,
        idempotency_key: Option<&str>,
    ) -> Result<Transaction> {
        let path = item("transactions", transaction_id, "");
        let call = Call::new(Method::PUT, path).json(body)?;
        self.call(call.idempotency_key(idempotency_key)).await
    }

    /// `DELETE /v1/transactions/{transactionId}` (`cancel_transaction`).
    pub async fn cancel_transaction(&self, transaction_id: &str) -> Result<()> {
        let path = item("transactions", transaction_id, "");
        self.call_empty(Call::new(Method::DELETE, path)).await
    }

    /// `POST /v1/transactions/{transactionId}/reverse` (`reverse_transaction`).
    pub async fn reverse_transaction(
        &self,
        transaction_id: &str,
        body: &ReverseRequest,
        idempotency_key: Option<&str>,
    ) -> Result<Reversal> {
        let path = item("transactions", transaction_id, "/reverse");
        let call = Call::new(Method::POST, path).json(body)?;
        self.call(call.idempotency_key(idempotency_key)).await
    }

    /// `POST /v1/stp-transactions` (`create_stp_transaction`): the Recipient, card and SEND
    /// in one call (the body carries its own `idempotencyKey`).
    pub async fn create_stp_transaction(&self, body: &StpRequest) -> Result<Stp> {
        let call = Call::new(Method::POST, "/v1/stp-transactions".into());
        self.call(call.json(body)?).await
    }

    /// `GET /v1/transactions/{transactionId}/statuses` (`list_statuses`).
    pub async fn list_statuses(&self, transaction_id: &str) -> Result<Vec<TransactionStatus>> {
        let path = item("transactions", transaction_id, "/statuses");
        self.call(Call::new(Method::GET, path)).await
    }

    /// `GET /v1/transaction-histories` (`list_histories`): one page.
    pub async fn list_histories(&self, query: &HistoryQuery) -> Result<Page<TransactionHistory>> {
        let call = Call::new(Method::GET, "/v1/transaction-histories".into());
        self.call(call.query(query)).await
    }

    /// Every history entry of one transaction, from `query`'s page on.
    pub async fn list_all_histories(&self, query: HistoryQuery) -> Result<Vec<TransactionHistory>> {
        all_pages(query, |q| async move { self.list_histories(&q).await }).await
    }

    /// `GET /v1/payment-reasons` (`list_payment_reasons`).
    pub async fn list_payment_reasons(&self) -> Result<Vec<PaymentReason>> {
        self.call(Call::new(Method::GET, "/v1/payment-reasons".into()))
            .await
    }
}
