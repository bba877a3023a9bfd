//! The double-entry ledger: transfers, and balances summed from them.

use super::{SqlStore, exists};
use crate::db::{Backend, Conn, Row};
use crate::{LedgerStore, StoreError, params};
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId};
use openkor_domain::ledger::{Balances, Transfer};

const BALANCES: &str = "SELECT \
       CAST(coalesce(sum(CASE WHEN status = 'POSTED' AND credit_account_id = $2 THEN amount_minor END), 0) \
     - coalesce(sum(CASE WHEN status = 'POSTED' AND debit_account_id = $2 THEN amount_minor END), 0) AS BIGINT), \
       CAST(coalesce(sum(CASE WHEN status = 'PENDING' AND debit_account_id = $2 THEN amount_minor END), 0) AS BIGINT), \
       CAST(coalesce(sum(CASE WHEN status = 'PENDING' AND credit_account_id = $2 THEN amount_minor END), 0) AS BIGINT) \
     FROM ledger_transfers WHERE business_account_id = $1 AND (debit_account_id = $2 OR credit_account_id = $2)";

const LIVE_ACCOUNT: &str = "SELECT 1 FROM financial_accounts \
    WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL";

#[async_trait::async_trait]
impl<B: Backend> LedgerStore for SqlStore<B> {
    async fn record_transfer(&self, transfer: &Transfer) -> Result<(), StoreError> {
        let transfer = transfer.clone();
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    conn.execute(
                        "INSERT INTO ledger_transfers (id, business_account_id, debit_account_id, \
                         credit_account_id, currency, amount_minor, status, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                        &params![
                            transfer.id,
                            transfer.business_account_id.as_uuid(),
                            transfer.debit_account_id.as_uuid(),
                            transfer.credit_account_id.as_uuid(),
                            transfer.currency.code(),
                            transfer.amount_minor,
                            transfer.status.code(),
                            transfer.created_at,
                        ],
                    )
                    .await
                    .map(|_| ())
                })
            })
            .await
    }

    async fn balances(
        &self,
        scope: BusinessAccountId,
        account: FinancialAccountId,
    ) -> Result<Balances, StoreError> {
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move {
                    let keys = params![scope.as_uuid(), account.as_uuid()];
                    if !exists(conn, LIVE_ACCOUNT, &keys).await? {
                        return Err(StoreError::NotFound);
                    }
                    conn.query_one(BALANCES, &keys, &mut |row: &dyn Row| {
                        Ok(Balances {
                            account_balance_minor: row.i64(0)?,
                            pending_withdrawals_minor: row.i64(1)?,
                            pending_deposits_minor: row.i64(2)?,
                        })
                    })
                    .await
                })
            })
            .await
    }
}
