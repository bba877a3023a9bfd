//! Provisioning on PostgreSQL: a Business Account with its tree rows, business Financial Accounts
//! and first Service Account, in one database transaction.

use crate::PostgresStore;
use crate::error::store_error;
use crate::financial_accounts::insert_financial_account;
use crate::service_accounts::insert_service_account;
use async_trait::async_trait;
use openkor_domain::business_account::BusinessAccount;
use openkor_store::records::contacts_json;
use openkor_store::{BootstrapOutcome, Provisioning, ProvisioningStore, StoreError};
use sqlx::{PgConnection, Postgres, Row};

async fn insert_business_account(
    tx: &mut PgConnection,
    account: &BusinessAccount,
) -> Result<(), StoreError> {
    let verification = &account.verification;
    sqlx::query::<Postgres>(
        "INSERT INTO business_accounts (id, parent_id, name, description, industry_code, \
         registered_state_code, contacts, verification_status, verification_reason, \
         verification_updated_at, verification_updated_by_type, verification_updated_by_id, \
         sandbox, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(account.id.as_uuid())
    .bind(account.parent_id.map(|id| id.as_uuid()))
    .bind(&account.name)
    .bind(&account.description)
    .bind(&account.industry_code)
    .bind(&account.registered_state_code)
    .bind(contacts_json(&account.contacts)?)
    .bind(verification.status.code())
    .bind(&verification.reason)
    .bind(verification.updated_at.to_offset_date_time())
    .bind(verification.updated_by.kind.code())
    .bind(verification.updated_by.id)
    .bind(account.sandbox)
    .bind(account.created_at.to_offset_date_time())
    .bind(account.updated_at.to_offset_date_time())
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    sqlx::query::<Postgres>(
        "INSERT INTO business_account_tree (ancestor_id, descendant_id, depth) \
         SELECT ancestor_id, $1, depth + 1 FROM business_account_tree WHERE descendant_id = $2 \
         UNION ALL SELECT $1, $1, 0",
    )
    .bind(account.id.as_uuid())
    .bind(account.parent_id.map(|id| id.as_uuid()))
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    Ok(())
}

async fn insert_provisioning(
    tx: &mut PgConnection,
    provisioning: &Provisioning,
) -> Result<(), StoreError> {
    let account = &provisioning.business_account;
    insert_business_account(tx, account).await?;
    for financial_account in &provisioning.financial_accounts {
        insert_financial_account(tx, financial_account).await?;
    }
    insert_service_account(tx, &provisioning.service_account, account.created_at).await
}

#[async_trait]
impl ProvisioningStore for PostgresStore {
    async fn provision(&self, provisioning: &Provisioning) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        insert_provisioning(&mut tx, provisioning).await?;
        tx.commit().await.map_err(store_error)
    }

    async fn provision_bootstrap(
        &self,
        provisioning: &Provisioning,
    ) -> Result<BootstrapOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let initialised: bool = sqlx::query(
            "SELECT EXISTS (SELECT 1 FROM business_accounts) \
             OR EXISTS (SELECT 1 FROM bootstrap) AS initialised",
        )
        .fetch_one(&mut *tx)
        .await
        .and_then(|row| row.try_get("initialised"))
        .map_err(store_error)?;
        if initialised {
            return Ok(BootstrapOutcome::AlreadyInitialised);
        }
        insert_provisioning(&mut tx, provisioning).await?;
        let account = &provisioning.business_account;
        let inserted = sqlx::query::<Postgres>(
            "INSERT INTO bootstrap (singleton, business_account_id, created_at) VALUES (1, $1, $2)",
        )
        .bind(account.id.as_uuid())
        .bind(account.created_at.to_offset_date_time())
        .execute(&mut *tx)
        .await;
        // A server starting at the same moment won the race: its bootstrap stands, ours rolls back.
        match inserted.map_err(store_error) {
            Err(StoreError::Conflict(_)) => return Ok(BootstrapOutcome::AlreadyInitialised),
            other => other?,
        };
        tx.commit().await.map_err(store_error)?;
        Ok(BootstrapOutcome::Provisioned)
    }
}
