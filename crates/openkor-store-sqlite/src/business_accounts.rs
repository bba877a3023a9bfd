//! Business Accounts on SQLite: reads scoped through the closure table.

use crate::SqliteStore;
use crate::error::store_error;
use crate::rows::{self, BUSINESS_ACCOUNT_COLUMNS};
use async_trait::async_trait;
use openkor_domain::business_account::{BusinessAccount, BusinessAccountSortField};
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::paging::{Page, PageRequest};
use openkor_store::{BusinessAccountStore, StoreError, sql};
use sqlx::{AssertSqlSafe, Row};

fn sort_column(field: BusinessAccountSortField) -> sql::SortColumn {
    sql::SortColumn::required(match field {
        BusinessAccountSortField::Name => "ba.name",
        BusinessAccountSortField::CreatedAt => "ba.created_at",
        BusinessAccountSortField::Id => "ba.id",
    })
}

fn decode(row: &sqlx::sqlite::SqliteRow) -> Result<BusinessAccount, StoreError> {
    rows::business_account(row)?.try_into()
}

#[async_trait]
impl BusinessAccountStore for SqliteStore {
    async fn get_business_account(
        &self,
        scope: BusinessAccountId,
        id: BusinessAccountId,
    ) -> Result<BusinessAccount, StoreError> {
        let query = format!(
            "SELECT {BUSINESS_ACCOUNT_COLUMNS} FROM business_account_tree t \
             JOIN business_accounts ba ON ba.id = t.descendant_id \
             WHERE t.ancestor_id = ?1 AND t.descendant_id = ?2"
        );
        let row = sqlx::query(AssertSqlSafe(query))
            .bind(scope.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&self.reader)
            .await
            .map_err(store_error)?
            .ok_or(StoreError::NotFound)?;
        decode(&row)
    }

    async fn list_child_business_accounts(
        &self,
        scope: BusinessAccountId,
        parent: BusinessAccountId,
    ) -> Result<Vec<BusinessAccount>, StoreError> {
        let mut tx = self.reader.begin().await.map_err(store_error)?;
        let visible = sqlx::query(
            "SELECT 1 FROM business_account_tree WHERE ancestor_id = ?1 AND descendant_id = ?2",
        )
        .bind(scope.as_uuid())
        .bind(parent.as_uuid())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if visible.is_none() {
            return Err(StoreError::NotFound);
        }
        let query = format!(
            "SELECT {BUSINESS_ACCOUNT_COLUMNS} FROM business_account_tree t \
             JOIN business_accounts ba ON ba.id = t.descendant_id \
             WHERE t.ancestor_id = ?1 AND t.depth = 1 ORDER BY ba.created_at, ba.id"
        );
        let found = sqlx::query(AssertSqlSafe(query))
            .bind(parent.as_uuid())
            .fetch_all(&mut *tx)
            .await
            .map_err(store_error)?;
        found.iter().map(decode).collect()
    }

    async fn list_business_accounts(
        &self,
        scope: BusinessAccountId,
        request: &PageRequest<BusinessAccountSortField>,
    ) -> Result<Page<BusinessAccount>, StoreError> {
        let mut tx = self.reader.begin().await.map_err(store_error)?;
        let total: i64 = sqlx::query(
            "SELECT count(*) AS total FROM business_account_tree WHERE ancestor_id = ?1",
        )
        .bind(scope.as_uuid())
        .fetch_one(&mut *tx)
        .await
        .and_then(|row| row.try_get("total"))
        .map_err(store_error)?;
        let order_by = sql::order_by(request.sort(), sort_column, "ba.id");
        let query = format!(
            "SELECT {BUSINESS_ACCOUNT_COLUMNS} FROM business_account_tree t \
             JOIN business_accounts ba ON ba.id = t.descendant_id \
             WHERE t.ancestor_id = ?1 {order_by} LIMIT ?2 OFFSET ?3"
        );
        let found = sqlx::query(AssertSqlSafe(query))
            .bind(scope.as_uuid())
            .bind(i64::from(request.size()))
            .bind(i64::try_from(request.offset()).unwrap_or(i64::MAX))
            .fetch_all(&mut *tx)
            .await
            .map_err(store_error)?;
        Ok(Page {
            items: found.iter().map(decode).collect::<Result<_, _>>()?,
            total: u64::try_from(total).unwrap_or_default(),
        })
    }
}
