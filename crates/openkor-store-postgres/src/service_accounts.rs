//! Service Accounts on PostgreSQL.

use crate::PostgresStore;
use crate::error::store_error;
use crate::rows::{self, PRINCIPAL_COLUMNS, SERVICE_ACCOUNT_COLUMNS};
use async_trait::async_trait;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, ServiceAccountId};
use openkor_domain::service_account::{
    ApiKey, NewServiceAccount, Principal, SecretHash, ServiceAccount,
};
use openkor_store::{ServiceAccountStore, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, Postgres, Row};

fn decode(row: &PgRow) -> Result<ServiceAccount, StoreError> {
    rows::service_account(row)?.try_into()
}

fn decode_principal(row: &PgRow) -> Result<Principal, StoreError> {
    rows::principal(row)?.try_into()
}

pub(crate) async fn insert_service_account(
    tx: &mut sqlx::PgConnection,
    account: &NewServiceAccount,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query::<Postgres>(
        "INSERT INTO service_accounts (id, business_account_id, name, role, api_key, \
         secret_sha256, disabled_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $7)",
    )
    .bind(account.id.as_uuid())
    .bind(account.business_account_id.as_uuid())
    .bind(&account.name)
    .bind(account.role.code())
    .bind(account.api_key.as_str())
    .bind(account.secret_hash.0.to_vec())
    .bind(at.to_offset_date_time())
    .execute(tx)
    .await
    .map(|_| ())
    .map_err(store_error)
}

async fn revision(executor: &mut sqlx::PgConnection) -> Result<u64, StoreError> {
    let revision: i64 = sqlx::query("SELECT revision FROM service_account_revision")
        .fetch_one(executor)
        .await
        .and_then(|row| row.try_get("revision"))
        .map_err(store_error)?;
    Ok(u64::try_from(revision).unwrap_or_default())
}

#[async_trait]
impl ServiceAccountStore for PostgresStore {
    async fn create_service_account(
        &self,
        account: &NewServiceAccount,
        at: Timestamp,
    ) -> Result<ServiceAccount, StoreError> {
        let mut tx = self.begin_write().await?;
        insert_service_account(&mut tx, account, at).await?;
        let query = format!("SELECT {SERVICE_ACCOUNT_COLUMNS} FROM service_accounts WHERE id = $1");
        let row = sqlx::query(AssertSqlSafe(query))
            .bind(account.id.as_uuid())
            .fetch_one(&mut *tx)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        decode(&row)
    }

    async fn find_service_account_by_api_key(
        &self,
        api_key: &ApiKey,
    ) -> Result<(ServiceAccount, SecretHash), StoreError> {
        let query = format!(
            "SELECT {SERVICE_ACCOUNT_COLUMNS}, secret_sha256 FROM service_accounts WHERE api_key = $1"
        );
        let row = sqlx::query(AssertSqlSafe(query))
            .bind(api_key.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(store_error)?
            .ok_or(StoreError::NotFound)?;
        let hash: Vec<u8> = row.try_get("secret_sha256").map_err(store_error)?;
        let hash: [u8; 32] = hash
            .try_into()
            .map_err(|_| StoreError::Other("stored secret hash has the wrong length".into()))?;
        Ok((decode(&row)?, SecretHash(hash)))
    }

    async fn list_service_accounts(
        &self,
        scope: BusinessAccountId,
    ) -> Result<Vec<ServiceAccount>, StoreError> {
        let query = format!(
            "SELECT {SERVICE_ACCOUNT_COLUMNS} FROM service_accounts \
             WHERE business_account_id = $1 ORDER BY created_at, id"
        );
        let found = sqlx::query(AssertSqlSafe(query))
            .bind(scope.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(store_error)?;
        found.iter().map(decode).collect()
    }

    async fn disable_service_account(
        &self,
        scope: BusinessAccountId,
        id: ServiceAccountId,
        at: Timestamp,
    ) -> Result<ServiceAccount, StoreError> {
        let query = format!(
            "UPDATE service_accounts SET disabled_at = coalesce(disabled_at, $3), updated_at = $3 \
             WHERE business_account_id = $1 AND id = $2 RETURNING {SERVICE_ACCOUNT_COLUMNS}"
        );
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(AssertSqlSafe(query))
            .bind(scope.as_uuid())
            .bind(id.as_uuid())
            .bind(at.to_offset_date_time())
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await.map_err(store_error)?;
        decode(&row)
    }

    async fn get_principal(&self, id: ServiceAccountId) -> Result<Principal, StoreError> {
        let query = format!("SELECT {PRINCIPAL_COLUMNS} FROM service_accounts WHERE id = $1");
        let row = sqlx::query(AssertSqlSafe(query))
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(store_error)?
            .ok_or(StoreError::NotFound)?;
        decode_principal(&row)
    }

    async fn list_principals(&self) -> Result<(u64, Vec<Principal>), StoreError> {
        let mut tx = self.begin_read().await?;
        let revision = revision(&mut tx).await?;
        let query = format!("SELECT {PRINCIPAL_COLUMNS} FROM service_accounts");
        let found = sqlx::query(AssertSqlSafe(query))
            .fetch_all(&mut *tx)
            .await
            .map_err(store_error)?;
        let principals = found
            .iter()
            .map(decode_principal)
            .collect::<Result<_, _>>()?;
        Ok((revision, principals))
    }

    async fn principals_revision(&self) -> Result<u64, StoreError> {
        let mut connection = self.pool.acquire().await.map_err(store_error)?;
        revision(&mut connection).await
    }
}
