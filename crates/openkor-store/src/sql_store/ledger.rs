//! The ledger as the rest of the store sees it: balances read from the running totals, and
//! journal entries written directly between two Financial Accounts (operator adjustments and
//! tests).

use super::SqlStore;
use super::transactions::ledger::{EntryHeader, lock_accounts, write_entry};
use crate::db::{Backend, Conn, Row};
use crate::{LedgerStore, StoreError, params};
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId};
use openkor_domain::ledger::{Balances, Bucket, Posting, Transfer, TransferStatus};

const BALANCES: &str = "SELECT la.posted_minor, la.pending_debits_minor, la.pending_credits_minor \
    FROM financial_accounts fa JOIN ledger_accounts la ON la.id = fa.id \
    WHERE fa.business_account_id = $1 AND fa.id = $2 AND fa.deleted_at IS NULL";

#[async_trait::async_trait]
impl<B: Backend> LedgerStore for SqlStore<B> {
    async fn record_transfer(&self, transfer: &Transfer) -> Result<(), StoreError> {
        if transfer.amount_minor <= 0 || transfer.debit_account_id == transfer.credit_account_id {
            return Err(StoreError::Refused(
                "a transfer moves a positive amount between two accounts".into(),
            ));
        }
        let transfer = transfer.clone();
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let (debit, credit) = (
                        transfer.debit_account_id.as_uuid(),
                        transfer.credit_account_id.as_uuid(),
                    );
                    let mut locked =
                        lock_accounts(conn, transfer.business_account_id, [debit, credit]).await?;
                    let amount = transfer.amount_minor;
                    let posting = |account, bucket, amount_minor| Posting {
                        account,
                        bucket,
                        amount_minor,
                    };
                    let postings = match transfer.status {
                        TransferStatus::Posted => vec![
                            posting(debit, Bucket::Posted, -amount),
                            posting(credit, Bucket::Posted, amount),
                        ],
                        TransferStatus::Pending => vec![
                            posting(debit, Bucket::PendingDebit, -amount),
                            posting(credit, Bucket::PendingCredit, amount),
                        ],
                        TransferStatus::Voided => Vec::new(),
                    };
                    let header = EntryHeader {
                        scope: transfer.business_account_id,
                        transaction_id: None,
                        status: None,
                        description: "journal entry recorded directly",
                        currency: transfer.currency,
                        at: transfer.created_at,
                        may_overdraw: false,
                    };
                    write_entry(conn, &header, &postings, &mut locked).await
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
            .read(move |conn| {
                Box::pin(async move {
                    conn.query_opt(
                        BALANCES,
                        &params![scope.as_uuid(), account.as_uuid()],
                        &mut |row: &dyn Row| {
                            Ok(Balances {
                                account_balance_minor: row.i64(0)?,
                                pending_withdrawals_minor: row.i64(1)?,
                                pending_deposits_minor: row.i64(2)?,
                            })
                        },
                    )
                    .await?
                    .ok_or(StoreError::NotFound)
                })
            })
            .await
    }
}
