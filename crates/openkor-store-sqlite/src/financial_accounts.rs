//! Financial Accounts on SQLite.

use crate::bind::{self, placeholder};
use crate::error::store_error;
use crate::{SqliteStore, paged, rows};
use async_trait::async_trait;
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::financial_account::{
    AccountState, Agreement, FinancialAccount, FinancialAccountFilter, FinancialAccountSortField,
};
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_store::records::{AgreementRow, FinancialAccountRow};
use openkor_store::{FinancialAccountStore, StoreError, sql};
use sqlx::{AssertSqlSafe, Row, Sqlite, SqliteConnection};

/// Names the unique constraint a write ran into, as the trait documents.
fn conflict_name(error: StoreError) -> StoreError {
    match error {
        StoreError::Conflict(what) if what.contains("fingerprint") => {
            StoreError::Conflict("duplicate".into())
        }
        StoreError::Conflict(what) if what.contains("account_number") => {
            StoreError::Conflict("accountNumber".into())
        }
        StoreError::Conflict(what) if what.contains("holder_id") => {
            StoreError::Conflict("default".into())
        }
        other => other,
    }
}

pub(crate) async fn insert_financial_account(
    tx: &mut SqliteConnection,
    account: &FinancialAccount,
) -> Result<(), StoreError> {
    let row = FinancialAccountRow::from(account);
    let insert = sql::insert(
        "financial_accounts",
        &FinancialAccountRow::COLUMNS,
        &placeholder,
    );
    bind::financial_account(sqlx::query(AssertSqlSafe(insert)), &row)
        .execute(tx)
        .await
        .map(|_| ())
        .map_err(|e| conflict_name(store_error(e)))
}

async fn check_customer_active(
    tx: &mut SqliteConnection,
    account: &FinancialAccount,
) -> Result<(), StoreError> {
    let Some(customer) = account.holder.customer() else {
        return Ok(());
    };
    let status: Option<String> = sqlx::query(
        "SELECT status FROM customers WHERE business_account_id = ?1 AND id = ?2 AND deleted_at IS NULL",
    )
    .bind(account.business_account_id.as_uuid())
    .bind(customer.as_uuid())
    .fetch_optional(&mut *tx)
    .await
    .map_err(store_error)?
    .map(|row| row.try_get("status"))
    .transpose()
    .map_err(store_error)?;
    match status.as_deref() {
        None => Err(StoreError::NotFound),
        Some("ACTIVE") => Ok(()),
        Some(_) => Err(StoreError::Conflict("customerNotActive".into())),
    }
}

async fn clear_previous_default(
    tx: &mut SqliteConnection,
    account: &FinancialAccount,
) -> Result<(), StoreError> {
    let Some(holder) = account.holder.customer() else {
        return Ok(());
    };
    sqlx::query::<Sqlite>(
        "UPDATE financial_accounts SET default_flag = 0, updated_at = ?3, updated_by_type = ?4, updated_by_id = ?5 \
         WHERE business_account_id = ?1 AND holder_id = ?2 AND default_flag = 1 AND deleted_at IS NULL",
    )
    .bind(account.business_account_id.as_uuid())
    .bind(holder.as_uuid())
    .bind(account.created_at.unix_ms())
    .bind(account.created_by.kind.code())
    .bind(account.created_by.id)
    .execute(&mut *tx)
    .await
    .map(|_| ())
    .map_err(store_error)
}

async fn select_live(
    connection: &mut SqliteConnection,
    scope: BusinessAccountId,
    id: FinancialAccountId,
) -> Result<FinancialAccount, StoreError> {
    let query = format!(
        "SELECT {} FROM financial_accounts fa WHERE fa.business_account_id = ?1 AND fa.id = ?2 AND fa.deleted_at IS NULL",
        FinancialAccountRow::select_list("fa")
    );
    let row = sqlx::query(AssertSqlSafe(query))
        .bind(scope.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(connection)
        .await
        .map_err(store_error)?
        .ok_or(StoreError::NotFound)?;
    rows::financial_account(&row)?.try_into()
}

#[async_trait]
impl FinancialAccountStore for SqliteStore {
    async fn create_financial_account(
        &self,
        account: &FinancialAccount,
        agreements: &[Agreement],
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        check_customer_active(&mut tx, account).await?;
        if account.default_flag {
            clear_previous_default(&mut tx, account).await?;
        }
        insert_financial_account(&mut tx, account).await?;
        let insert = sql::insert(
            "financial_account_agreements",
            &bind::AGREEMENT_COLUMNS,
            &placeholder,
        );
        for row in AgreementRow::all(account, agreements) {
            bind::agreement(sqlx::query(AssertSqlSafe(insert.clone())), &row)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)
    }

    async fn get_financial_account(
        &self,
        scope: BusinessAccountId,
        id: FinancialAccountId,
    ) -> Result<FinancialAccount, StoreError> {
        let mut connection = self.reader.acquire().await.map_err(store_error)?;
        select_live(&mut connection, scope, id).await
    }

    async fn list_financial_accounts(
        &self,
        scope: BusinessAccountId,
        filter: &FinancialAccountFilter,
        request: &PageRequest<FinancialAccountSortField>,
    ) -> Result<Page<FinancialAccount>, StoreError> {
        let conditions =
            sql::financial_account_conditions(scope.as_uuid(), filter, 2, &placeholder);
        let order_by = sql::order_by(
            request.sort(),
            |f| sql::financial_account_sort_column(f, false),
            "fa.id",
        );
        let statements = sql::page_statements(
            "financial_accounts fa",
            "fa",
            &FinancialAccountRow::select_list("fa"),
            &conditions,
            &order_by,
            &placeholder,
        );
        let mut tx = self.reader.begin().await.map_err(store_error)?;
        let (found, total) = paged::fetch_page(
            &mut tx,
            scope.as_uuid(),
            statements,
            &conditions.values,
            request.size(),
            request.offset(),
        )
        .await?;
        let items = found
            .iter()
            .map(|row| rows::financial_account(row).and_then(FinancialAccount::try_from))
            .collect::<Result<_, _>>()?;
        Ok(Page { items, total })
    }

    async fn set_financial_account_state(
        &self,
        scope: BusinessAccountId,
        id: FinancialAccountId,
        state: AccountState,
        by: Actor,
        at: Timestamp,
    ) -> Result<FinancialAccount, StoreError> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE financial_accounts SET state = ?3, updated_at = ?4, updated_by_type = ?5, updated_by_id = ?6 \
             WHERE business_account_id = ?1 AND id = ?2 AND deleted_at IS NULL",
        )
        .bind(scope.as_uuid())
        .bind(id.as_uuid())
        .bind(state.code())
        .bind(at.unix_ms())
        .bind(by.kind.code())
        .bind(by.id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let account = select_live(&mut tx, scope, id).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(account)
    }

    async fn delete_financial_account(
        &self,
        scope: BusinessAccountId,
        id: FinancialAccountId,
        by: Actor,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let deleted = sqlx::query(
            "UPDATE financial_accounts SET deleted_at = ?3, updated_at = ?3, updated_by_type = ?4, updated_by_id = ?5 \
             WHERE business_account_id = ?1 AND id = ?2 AND deleted_at IS NULL",
        )
        .bind(scope.as_uuid())
        .bind(id.as_uuid())
        .bind(at.unix_ms())
        .bind(by.kind.code())
        .bind(by.id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await.map_err(store_error)
    }
}
