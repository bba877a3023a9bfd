//! Financial Accounts on SQLite.

use crate::SqliteStore;
use crate::error::store_error;
use crate::rows::{self, FINANCIAL_ACCOUNT_COLUMNS};
use async_trait::async_trait;
use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId};
use openkor_store::records::holder_id;
use openkor_store::{FinancialAccountStore, StoreError};
use sqlx::{AssertSqlSafe, Sqlite, SqliteConnection};

pub(crate) async fn insert_financial_account(
    tx: &mut SqliteConnection,
    account: &FinancialAccount,
) -> Result<(), StoreError> {
    sqlx::query::<Sqlite>(
        "INSERT INTO financial_accounts (id, business_account_id, parent_id, name, category, \
         account_type, subtype, default_flag, currency, holder_type, holder_id, state, \
         account_number, created_by_type, created_by_id, created_at, updated_by_type, \
         updated_by_id, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )
    .bind(account.id.as_uuid())
    .bind(account.business_account_id.as_uuid())
    .bind(account.parent_id.map(|id| id.as_uuid()))
    .bind(&account.name)
    .bind(account.category.code())
    .bind(account.account_type.code())
    .bind(account.subtype.code())
    .bind(account.default_flag)
    .bind(account.currency.code())
    .bind(account.holder.holder_type().code())
    .bind(holder_id(account.holder))
    .bind(account.state.code())
    .bind(&account.account_number)
    .bind(account.created_by.kind.code())
    .bind(account.created_by.id)
    .bind(account.created_at.unix_ms())
    .bind(account.updated_by.kind.code())
    .bind(account.updated_by.id)
    .bind(account.updated_at.unix_ms())
    .execute(tx)
    .await
    .map(|_| ())
    .map_err(store_error)
}

#[async_trait]
impl FinancialAccountStore for SqliteStore {
    async fn get_financial_account(
        &self,
        scope: BusinessAccountId,
        id: FinancialAccountId,
    ) -> Result<FinancialAccount, StoreError> {
        let query = format!(
            "SELECT {FINANCIAL_ACCOUNT_COLUMNS} FROM financial_accounts fa \
             WHERE fa.business_account_id = ?1 AND fa.id = ?2 AND fa.deleted_at IS NULL"
        );
        let row = sqlx::query(AssertSqlSafe(query))
            .bind(scope.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&self.reader)
            .await
            .map_err(store_error)?
            .ok_or(StoreError::NotFound)?;
        rows::financial_account(&row)?.try_into()
    }
}
