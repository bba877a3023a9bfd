//! Service Accounts and the principals token checks need.

use super::SqlStore;
use super::rows::{self, PRINCIPAL_SELECT, SERVICE_ACCOUNT_SELECT};
use crate::db::{Backend, Conn, Row};
use crate::{ServiceAccountStore, StoreError, params};
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, ServiceAccountId};
use openkor_domain::service_account::{
    ApiKey, NewServiceAccount, Principal, SecretHash, ServiceAccount,
};
use std::sync::LazyLock;

fn decode(row: &dyn Row) -> Result<ServiceAccount, StoreError> {
    rows::service_account(row)?.try_into()
}

fn decode_principal(row: &dyn Row) -> Result<Principal, StoreError> {
    rows::principal(row)?.try_into()
}

static SELECT_BY_ID: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {SERVICE_ACCOUNT_SELECT} FROM service_accounts WHERE id = $1")
});
static SELECT_BY_KEY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SERVICE_ACCOUNT_SELECT}, secret_sha256 FROM service_accounts WHERE api_key = $1"
    )
});
static SELECT_OF_TENANT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SERVICE_ACCOUNT_SELECT} FROM service_accounts WHERE business_account_id = $1 \
         ORDER BY created_at, id"
    )
});
static DISABLE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE service_accounts SET disabled_at = coalesce(disabled_at, $3), updated_at = $3 \
         WHERE business_account_id = $1 AND id = $2 RETURNING {SERVICE_ACCOUNT_SELECT}"
    )
});
static PRINCIPAL_BY_ID: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {PRINCIPAL_SELECT} FROM service_accounts WHERE id = $1"));
static PRINCIPALS: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {PRINCIPAL_SELECT} FROM service_accounts"));

pub(crate) async fn insert_service_account<C: Conn>(
    conn: &mut C,
    account: &NewServiceAccount,
    at: Timestamp,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO service_accounts (id, business_account_id, name, role, api_key, \
         secret_sha256, disabled_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $7)",
        &params![
            account.id.as_uuid(),
            account.business_account_id.as_uuid(),
            account.name.as_str(),
            account.role.code(),
            account.api_key.as_str(),
            account.secret_hash.0.as_slice(),
            at,
        ],
    )
    .await
    .map(|_| ())
}

async fn revision<C: Conn>(conn: &mut C) -> Result<u64, StoreError> {
    let revision = conn
        .query_one(
            "SELECT revision FROM service_account_revision",
            &params![],
            &mut |row: &dyn Row| row.i64(0),
        )
        .await?;
    Ok(u64::try_from(revision).unwrap_or_default())
}

#[async_trait::async_trait]
impl<B: Backend> ServiceAccountStore for SqlStore<B> {
    async fn create_service_account(
        &self,
        account: &NewServiceAccount,
        at: Timestamp,
    ) -> Result<ServiceAccount, StoreError> {
        let account = account.clone();
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    insert_service_account(conn, &account, at).await?;
                    conn.query_one(&SELECT_BY_ID, &params![account.id.as_uuid()], &mut decode)
                        .await
                })
            })
            .await
    }

    async fn find_service_account_by_api_key(
        &self,
        api_key: &ApiKey,
    ) -> Result<(ServiceAccount, SecretHash), StoreError> {
        let api_key = api_key.clone();
        self.backend
            .read(move |conn| {
                Box::pin(async move {
                    conn.query_one(
                        &SELECT_BY_KEY,
                        &params![api_key.as_str()],
                        &mut |row: &dyn Row| {
                            let hash = rows::secret_hash(row.bytes(7)?)?;
                            Ok((decode(row)?, SecretHash(hash)))
                        },
                    )
                    .await
                })
            })
            .await
    }

    async fn list_service_accounts(
        &self,
        scope: BusinessAccountId,
    ) -> Result<Vec<ServiceAccount>, StoreError> {
        self.backend
            .read(move |conn| {
                Box::pin(async move {
                    conn.query(&SELECT_OF_TENANT, &params![scope.as_uuid()], &mut decode)
                        .await
                })
            })
            .await
    }

    async fn disable_service_account(
        &self,
        scope: BusinessAccountId,
        id: ServiceAccountId,
        at: Timestamp,
    ) -> Result<ServiceAccount, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    conn.query_one(
                        &DISABLE,
                        &params![scope.as_uuid(), id.as_uuid(), at],
                        &mut decode,
                    )
                    .await
                })
            })
            .await
    }

    async fn get_principal(&self, id: ServiceAccountId) -> Result<Principal, StoreError> {
        self.backend
            .read(move |conn| {
                Box::pin(async move {
                    conn.query_one(
                        &PRINCIPAL_BY_ID,
                        &params![id.as_uuid()],
                        &mut decode_principal,
                    )
                    .await
                })
            })
            .await
    }

    async fn list_principals(&self) -> Result<(u64, Vec<Principal>), StoreError> {
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move {
                    let revision = revision(conn).await?;
                    let principals = conn
                        .query(&PRINCIPALS, &params![], &mut decode_principal)
                        .await?;
                    Ok((revision, principals))
                })
            })
            .await
    }

    async fn principals_revision(&self) -> Result<u64, StoreError> {
        self.backend
            .read(move |conn| Box::pin(async move { revision(conn).await }))
            .await
    }
}
