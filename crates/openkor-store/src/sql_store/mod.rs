//! The one store implementation: every storage trait over any [`Backend`], each aggregate's
//! statements and row mapping written once for SQLite and PostgreSQL.
//!
//! A store method moves what it needs into one unit of work (`move |conn| Box::pin(async move
//! { … })`) and hands it to the backend as a read, a snapshot read or a write; the unit of work
//! runs its statements on the connection it is given, in the order written.

mod addresses;
mod beneficiaries;
mod business_account_limits;
mod business_accounts;
mod cursors;
mod customers;
mod default_limits;
pub(crate) mod financial_accounts;
pub(crate) mod ledger;
mod limits;
mod outbox;
mod page_ends;
mod paged;
mod prenotes;
mod provisioning;
pub(crate) mod recipients;
pub(crate) mod rows;
mod sealed_at_rest;
mod secrets;
mod service_accounts;
pub mod statistics;
pub(crate) mod transactions;
pub(crate) mod webhooks;

use crate::StoreError;
use crate::db::{Backend, Conn, Row};
use crate::params;
use crate::sealing::DataKeys;
use std::sync::Arc;

pub use sealed_at_rest::SealedAtRest;

/// Every storage trait over the backend `B`.
#[derive(Clone, Debug)]
pub struct SqlStore<B> {
    backend: B,
    /// Where recent list pages ended (keyset paging behind `page`), and the caps of paging.
    cursors: std::sync::Arc<cursors::PageCursors>,
    /// The keys personal data, webhook signing secrets and server secrets are sealed under; none until
    /// [`SqlStore::with_data_keys`], and then reading or writing a sealed value fails.
    keys: Option<Arc<DataKeys>>,
}

impl<B: Backend> SqlStore<B> {
    /// The store over `backend`.
    pub fn new(backend: B) -> Self {
        let in_database = backend.shared_by_processes();
        Self {
            backend,
            cursors: std::sync::Arc::new(cursors::PageCursors::new(in_database)),
            keys: None,
        }
    }

    /// The same store sealing and opening with `keys` (another handle on the same database).
    pub fn with_data_keys(self, keys: DataKeys) -> Self {
        Self {
            keys: Some(Arc::new(keys)),
            ..self
        }
    }

    /// The keys to seal and open with, for a unit of work to own.
    fn data_keys(&self) -> Result<Arc<DataKeys>, StoreError> {
        self.keys.clone().ok_or_else(|| {
            StoreError::Other(
                "personal data at rest: the store was opened without a data key".into(),
            )
        })
    }

    /// The same store with its own paging caps: counts stop at `count_cap` rows (beyond, the
    /// total is a lower bound) and pages are read by offset at most `offset_max` rows deep.
    /// For tests, which cannot create the defaults' ten thousand rows in every case.
    pub fn with_paging_caps(self, count_cap: u64, offset_max: u64) -> Self {
        let in_database = self.backend.shared_by_processes();
        Self {
            cursors: std::sync::Arc::new(cursors::PageCursors::with_caps(
                in_database,
                count_cap,
                offset_max,
            )),
            ..self
        }
    }

    /// Runs a list's unit of `work` in a snapshot with the page `turn` it reads and records page
    /// ends through, then keeps the end its page left (see [`cursors`]) before answering.
    async fn paged<T, F>(&self, turn: &cursors::PageTurn, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut B::Conn) -> crate::db::BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        let value = self.backend.snapshot(work).await?;
        turn.keep(&self.backend).await?;
        Ok(value)
    }

    /// The same store with lists reading at most `candidates_max` search or address
    /// candidates first (beyond, they walk their order). For tests, which cannot create the
    /// default's five thousand matching rows in every case.
    pub fn with_candidates_max(self, candidates_max: u64) -> Self {
        Self {
            cursors: std::sync::Arc::new(self.cursors.with_candidates_max(candidates_max)),
            ..self
        }
    }

    /// The backend, for what is not a store method (its statistics, closing it).
    pub fn backend(&self) -> &B {
        &self.backend
    }
}

#[async_trait::async_trait]
impl<B: Backend> crate::HealthStore for SqlStore<B> {
    async fn ping(&self) -> Result<(), StoreError> {
        self.backend
            .read(|conn| {
                Box::pin(async move {
                    conn.query_one("SELECT 1", &params![], &mut |_: &dyn Row| Ok(()))
                        .await
                })
            })
            .await
    }
}

#[async_trait::async_trait]
impl<B: Backend> crate::MaintenanceStore for SqlStore<B> {
    async fn refresh_statistics(&self) -> Result<Vec<String>, StoreError> {
        let refreshed = self
            .backend
            .write(|conn| Box::pin(statistics::refresh(conn)))
            .await?;
        if !refreshed.analysed.is_empty() {
            self.backend.statistics_refreshed();
        }
        for table in &refreshed.to_vacuum {
            let table = table.clone();
            self.backend
                .read(move |conn| Box::pin(async move { statistics::vacuum(conn, &table).await }))
                .await?;
        }
        Ok(refreshed.tables())
    }
}

/// Whether a live row matches `sql` (a `SELECT 1 …` taking `params`).
pub(crate) async fn exists<C: Conn>(
    conn: &mut C,
    sql: &str,
    params: &[crate::db::Value<'_>],
) -> Result<bool, StoreError> {
    Ok(conn
        .query_opt(sql, params, &mut |_: &dyn Row| Ok(()))
        .await?
        .is_some())
}

/// A holder of Financial Accounts that is deleted with them.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Holder {
    /// A row of `customers`.
    Customer,
    /// A row of `recipients`.
    Recipient,
}

/// Marks the live holder `id` of `scope` deleted, and every live Financial Account it holds;
/// [`StoreError::NotFound`] when there is no such holder.
pub(crate) async fn delete_holder<C: Conn>(
    conn: &mut C,
    holder: Holder,
    scope: openkor_domain::ids::BusinessAccountId,
    id: uuid::Uuid,
    by: openkor_domain::actor::Actor,
    at: openkor_domain::clock::Timestamp,
) -> Result<(), StoreError> {
    let (table, holder_type) = match holder {
        Holder::Customer => ("customers", "CUSTOMER"),
        Holder::Recipient => ("recipients", "RECIPIENT"),
    };
    let values = params![scope.as_uuid(), id, at, by.kind.code(), by.id, holder_type];
    let holder_sql = format!(
        "UPDATE {table} SET deleted_at = $3, updated_at = $3, updated_by_type = $4, \
         updated_by_id = $5, version = version + 1 \
         WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL"
    );
    if conn.execute(&holder_sql, &values[..5]).await? == 0 {
        return Err(StoreError::NotFound);
    }
    conn.execute(
        "UPDATE financial_accounts SET deleted_at = $3, updated_at = $3, updated_by_type = $4, \
         updated_by_id = $5 WHERE business_account_id = $1 AND holder_type = $6 \
         AND holder_id = $2 AND deleted_at IS NULL",
        &values,
    )
    .await
    .map(|_| ())
}
