//! Provisioning: a Business Account with its tree rows, business Financial Accounts and first
//! Service Account, in one db transaction.

use super::SqlStore;
use super::financial_accounts::insert_financial_account;
use super::rows::{self, BUSINESS_ACCOUNT_COLUMNS};
use super::service_accounts::insert_service_account;
use crate::db::{Backend, Conn, Constraint, Row};
use crate::records::contacts_json;
use crate::{BootstrapOutcome, Provisioning, ProvisioningStore, StoreError, params, sql};
use openkor_domain::business_account::BusinessAccount;
use std::sync::LazyLock;

static INSERT: LazyLock<String> =
    LazyLock::new(|| sql::insert("business_accounts", &BUSINESS_ACCOUNT_COLUMNS));

async fn insert_business_account<C: Conn>(
    conn: &mut C,
    account: &BusinessAccount,
) -> Result<(), StoreError> {
    let record =
        crate::records::BusinessAccountRecord::of(account, contacts_json(&account.contacts)?);
    conn.execute(&INSERT, &rows::business_account_values(&record))
        .await?;
    // Every parameter is compared with or stored into a typed column, so PostgreSQL can infer
    // its type when it prepares the statement.
    conn.execute(
        "INSERT INTO business_account_tree (ancestor_id, descendant_id, depth) VALUES ($1, $1, 0)",
        &params![account.id.as_uuid()],
    )
    .await?;
    conn.execute(
        "INSERT INTO business_account_tree (ancestor_id, descendant_id, depth) \
         SELECT t.ancestor_id, ba.id, t.depth + 1 FROM business_account_tree t, business_accounts ba \
         WHERE ba.id = $1 AND t.descendant_id = $2",
        &params![account.id.as_uuid(), account.parent_id.map(|id| id.as_uuid())],
    )
    .await
    .map(|_| ())
}

async fn insert_provisioning<C: Conn>(
    conn: &mut C,
    provisioning: &Provisioning,
) -> Result<(), StoreError> {
    let account = &provisioning.business_account;
    insert_business_account(conn, account).await?;
    for financial_account in &provisioning.financial_accounts {
        insert_financial_account(conn, financial_account).await?;
    }
    insert_service_account(conn, &provisioning.service_account, account.created_at).await
}

#[async_trait::async_trait]
impl<B: Backend> ProvisioningStore for SqlStore<B> {
    async fn provision(&self, provisioning: &Provisioning) -> Result<(), StoreError> {
        let provisioning = provisioning.clone();
        self.backend
            .write(move |conn| {
                Box::pin(async move { insert_provisioning(conn, &provisioning).await })
            })
            .await
    }

    async fn provision_bootstrap(
        &self,
        provisioning: &Provisioning,
    ) -> Result<BootstrapOutcome, StoreError> {
        let provisioning = provisioning.clone();
        let outcome = self
            .backend
            .write(move |conn| {
                Box::pin(async move {
                    let initialised = conn
                        .query_one(
                            "SELECT EXISTS (SELECT 1 FROM business_accounts) OR EXISTS (SELECT 1 FROM bootstrap)",
                            &params![],
                            &mut |row: &dyn Row| row.bool(0),
                        )
                        .await?;
                    if initialised {
                        return Ok(BootstrapOutcome::AlreadyInitialised);
                    }
                    insert_provisioning(conn, &provisioning).await?;
                    let account = &provisioning.business_account;
                    conn.execute(
                        "INSERT INTO bootstrap (singleton, business_account_id, created_at) VALUES (1, $1, $2)",
                        &params![account.id.as_uuid(), account.created_at],
                    )
                    .await?;
                    Ok(BootstrapOutcome::Provisioned)
                })
            })
            .await;
        match outcome {
            // A server starting at the same moment won the race: its bootstrap stands, ours
            // rolled back.
            Err(StoreError::Conflict(Constraint::Bootstrap)) => {
                Ok(BootstrapOutcome::AlreadyInitialised)
            }
            other => other,
        }
    }
}
