//! Beneficial owners on PostgreSQL.

use crate::bind::{self, placeholder};
use crate::error::store_error;
use crate::{PostgresStore, addresses, rows};
use async_trait::async_trait;
use openkor_domain::beneficiary::Beneficiary;
use openkor_domain::ids::{BeneficiaryId, BusinessAccountId, CustomerId};
use openkor_store::records::{
    AddressOwner, BeneficiaryRow, beneficiary_from_rows, beneficiary_rows, group_by_owner,
};
use openkor_store::{BeneficiaryStore, StoreError, sql};
use sqlx::{AssertSqlSafe, PgConnection, Row};
use uuid::Uuid;

const LIVE_CUSTOMER: &str = "EXISTS (SELECT 1 FROM customers c WHERE c.business_account_id = b.business_account_id \
     AND c.id = b.customer_id AND c.deleted_at IS NULL)";

async fn live_customer_exists(
    connection: &mut PgConnection,
    business_account_id: Uuid,
    customer_id: Uuid,
) -> Result<bool, StoreError> {
    let found = sqlx::query(
        "SELECT 1 FROM customers WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL",
    )
    .bind(business_account_id)
    .bind(customer_id)
    .fetch_optional(&mut *connection)
    .await
    .map_err(store_error)?;
    Ok(found.is_some())
}

async fn with_addresses(
    connection: &mut PgConnection,
    business_account_id: Uuid,
    rows: Vec<BeneficiaryRow>,
) -> Result<Vec<Beneficiary>, StoreError> {
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let address_rows = addresses::load(
        connection,
        AddressOwner::Beneficiary,
        business_account_id,
        &ids,
    )
    .await?;
    let mut grouped = group_by_owner(address_rows, |a| a.owner_id, |a| a.position);
    rows.into_iter()
        .map(|row| {
            let id = row.id;
            beneficiary_from_rows(row, grouped.remove(&id).unwrap_or_default())
        })
        .collect()
}

#[async_trait]
impl BeneficiaryStore for PostgresStore {
    async fn create_beneficiary(
        &self,
        beneficiary: &Beneficiary,
        owners_max: usize,
    ) -> Result<(), StoreError> {
        let (row, address_rows) = beneficiary_rows(beneficiary);
        let mut tx = self.begin_write().await?;
        // Locking the customer row serialises concurrent creations, so the owners cap holds.
        let locked = sqlx::query(
            "SELECT 1 FROM customers WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL \
             FOR UPDATE",
        )
        .bind(row.business_account_id)
        .bind(row.customer_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if locked.is_none() {
            return Err(StoreError::NotFound);
        }
        let owners: i64 = sqlx::query(
            "SELECT count(*) AS owners FROM beneficiaries WHERE business_account_id = $1 AND customer_id = $2",
        )
        .bind(row.business_account_id)
        .bind(row.customer_id)
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get("owners"))
        .map_err(store_error)?;
        if usize::try_from(owners).unwrap_or(usize::MAX) >= owners_max {
            return Err(StoreError::Conflict("beneficiaries".into()));
        }
        let columns: Vec<&str> = BeneficiaryRow::CREATE_COLUMNS
            .iter()
            .chain(BeneficiaryRow::MUTABLE_COLUMNS.iter())
            .copied()
            .collect();
        let insert = sql::insert("beneficiaries", &columns, &placeholder);
        let query = bind::beneficiary_create(sqlx::query(AssertSqlSafe(insert)), &row);
        bind::beneficiary_mutable(query, &row)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        addresses::replace(
            &mut tx,
            AddressOwner::Beneficiary,
            row.business_account_id,
            row.id,
            &address_rows,
        )
        .await?;
        tx.commit().await.map_err(store_error)
    }

    async fn get_beneficiary(
        &self,
        scope: BusinessAccountId,
        customer: CustomerId,
        id: BeneficiaryId,
    ) -> Result<Beneficiary, StoreError> {
        let mut tx = self.begin_read().await?;
        let query = format!(
            "SELECT {} FROM beneficiaries b WHERE b.business_account_id = $1 AND b.customer_id = $2 \
             AND b.id = $3 AND {LIVE_CUSTOMER}",
            rows::beneficiary_columns()
        );
        let row = sqlx::query(AssertSqlSafe(query))
            .bind(scope.as_uuid())
            .bind(customer.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?
            .ok_or(StoreError::NotFound)?;
        let mut found =
            with_addresses(&mut tx, scope.as_uuid(), vec![rows::beneficiary(&row)?]).await?;
        found.pop().ok_or(StoreError::NotFound)
    }

    async fn list_beneficiaries(
        &self,
        scope: BusinessAccountId,
        customer: CustomerId,
    ) -> Result<Vec<Beneficiary>, StoreError> {
        let mut tx = self.begin_read().await?;
        if !live_customer_exists(&mut tx, scope.as_uuid(), customer.as_uuid()).await? {
            return Err(StoreError::NotFound);
        }
        let query = format!(
            "SELECT {} FROM beneficiaries b WHERE b.business_account_id = $1 AND b.customer_id = $2 \
             ORDER BY b.created_at, b.id",
            rows::beneficiary_columns()
        );
        let found = sqlx::query(AssertSqlSafe(query))
            .bind(scope.as_uuid())
            .bind(customer.as_uuid())
            .fetch_all(&mut *tx)
            .await
            .map_err(store_error)?;
        let beneficiary_rows = found
            .iter()
            .map(rows::beneficiary)
            .collect::<Result<Vec<_>, _>>()?;
        with_addresses(&mut tx, scope.as_uuid(), beneficiary_rows).await
    }

    async fn update_beneficiary(
        &self,
        beneficiary: &Beneficiary,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        let (row, address_rows) = beneficiary_rows(beneficiary);
        let n = BeneficiaryRow::MUTABLE_COLUMNS.len();
        let update = format!(
            "UPDATE beneficiaries AS b SET {} WHERE b.business_account_id = ${} AND b.customer_id = ${} \
             AND b.id = ${} AND b.version = ${} AND {LIVE_CUSTOMER}",
            sql::assignments(&BeneficiaryRow::MUTABLE_COLUMNS, &placeholder),
            n + 1,
            n + 2,
            n + 3,
            n + 4
        );
        let mut tx = self.begin_write().await?;
        let updated = bind::beneficiary_mutable(sqlx::query(AssertSqlSafe(update)), &row)
            .bind(row.business_account_id)
            .bind(row.customer_id)
            .bind(row.id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        if updated.rows_affected() == 0 {
            let query = format!(
                "SELECT 1 FROM beneficiaries b WHERE b.business_account_id = $1 AND b.customer_id = $2 \
                 AND b.id = $3 AND {LIVE_CUSTOMER}"
            );
            let exists = sqlx::query(AssertSqlSafe(query))
                .bind(row.business_account_id)
                .bind(row.customer_id)
                .bind(row.id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(store_error)?;
            return Err(if exists.is_some() {
                StoreError::Stale
            } else {
                StoreError::NotFound
            });
        }
        addresses::replace(
            &mut tx,
            AddressOwner::Beneficiary,
            row.business_account_id,
            row.id,
            &address_rows,
        )
        .await?;
        tx.commit().await.map_err(store_error)
    }
}
