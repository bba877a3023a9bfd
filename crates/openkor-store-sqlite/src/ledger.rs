//! The ledger on SQLite.

use crate::SqliteStore;
use crate::error::store_error;
use async_trait::async_trait;
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId};
use openkor_domain::ledger::{Balances, Transfer};
use openkor_store::{LedgerStore, StoreError};
use sqlx::{Row, Sqlite};

#[async_trait]
impl LedgerStore for SqliteStore {
    async fn record_transfer(&self, transfer: &Transfer) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query::<Sqlite>(
            "INSERT INTO ledger_transfers (id, business_account_id, debit_account_id, credit_account_id, \
             currency, amount_minor, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )
        .bind(transfer.id)
        .bind(transfer.business_account_id.as_uuid())
        .bind(transfer.debit_account_id.as_uuid())
        .bind(transfer.credit_account_id.as_uuid())
        .bind(transfer.currency.code())
        .bind(transfer.amount_minor)
        .bind(transfer.status.code())
        .bind(transfer.created_at.unix_ms())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)
    }

    async fn balances(
        &self,
        scope: BusinessAccountId,
        account: FinancialAccountId,
    ) -> Result<Balances, StoreError> {
        let mut tx = self.reader.begin().await.map_err(store_error)?;
        let live = sqlx::query(
            "SELECT 1 FROM financial_accounts WHERE business_account_id = ?1 AND id = ?2 AND deleted_at IS NULL",
        )
        .bind(scope.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if live.is_none() {
            return Err(StoreError::NotFound);
        }
        let row = sqlx::query(
            "SELECT \
               coalesce(sum(CASE WHEN status = 'POSTED' AND credit_account_id = ?2 THEN amount_minor END), 0) \
             - coalesce(sum(CASE WHEN status = 'POSTED' AND debit_account_id = ?2 THEN amount_minor END), 0) AS posted, \
               coalesce(sum(CASE WHEN status = 'PENDING' AND debit_account_id = ?2 THEN amount_minor END), 0) AS pending_debits, \
               coalesce(sum(CASE WHEN status = 'PENDING' AND credit_account_id = ?2 THEN amount_minor END), 0) AS pending_credits \
             FROM ledger_transfers WHERE business_account_id = ?1 AND (debit_account_id = ?2 OR credit_account_id = ?2)",
        )
        .bind(scope.as_uuid())
        .bind(account.as_uuid())
        .fetch_one(&mut *tx)
        .await
        .map_err(store_error)?;
        Ok(Balances {
            account_balance_minor: row.try_get("posted").map_err(store_error)?,
            pending_withdrawals_minor: row.try_get("pending_debits").map_err(store_error)?,
            pending_deposits_minor: row.try_get("pending_credits").map_err(store_error)?,
        })
    }
}
