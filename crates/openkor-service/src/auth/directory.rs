//! The principal directory: every Service Account's tenant, role and enabled flag, in memory.
//!
//! Token checks read it instead of the database. It stays current in two ways: a change made
//! through this process (disable, create) is applied at once, and [`PrincipalDirectory::refresh`]
//! — polled by the server every `auth_refresh_interval_ms` — reloads it when the database's
//! principals revision moved (a change made by another server or by the CLI).
//!
//! A read from the store never undoes a change this process applied while the read was in
//! flight: a lookup only fills a missing entry, and a refresh whose load overlapped a local
//! change is dropped (the revision stays unrecorded, so the next refresh loads again).

use crate::ServiceError;
use openkor_domain::ids::ServiceAccountId;
use openkor_domain::service_account::Principal;
use openkor_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Loads a refresh makes before leaving it to the next one, when local changes keep
/// overlapping them.
const REFRESH_ATTEMPTS: usize = 3;

#[derive(Default)]
struct Snapshot {
    revision: Option<u64>,
    principals: HashMap<ServiceAccountId, Principal>,
    /// How many local changes have been applied: a refresh loaded before the latest one is
    /// stale.
    local_changes: u64,
}

/// The in-memory directory of principals. Cheap to clone: clones share one snapshot.
#[derive(Clone)]
pub struct PrincipalDirectory {
    store: Arc<dyn Store>,
    snapshot: Arc<RwLock<Snapshot>>,
}

impl PrincipalDirectory {
    /// An empty directory over `store`; call [`PrincipalDirectory::refresh`] to load it.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            snapshot: Arc::default(),
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        // A poisoned lock only means a writer panicked mid-insert; the map is still usable.
        self.snapshot.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Snapshot> {
        self.snapshot.write().unwrap_or_else(|p| p.into_inner())
    }

    /// The principal of `id`: from memory, or read once from the store on a miss (an account
    /// created by another process since the last refresh).
    pub async fn lookup(&self, id: ServiceAccountId) -> Result<Option<Principal>, ServiceError> {
        if let Some(principal) = self.read().principals.get(&id).copied() {
            return Ok(Some(principal));
        }
        match self.store.get_principal(id).await {
            Ok(principal) => {
                // A change applied since the read is newer than what was read.
                let mut snapshot = self.write();
                let current = *snapshot.principals.entry(id).or_insert(principal);
                Ok(Some(current))
            }
            Err(StoreError::NotFound) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// Records a change made by this process.
    pub fn apply(&self, principal: Principal) {
        let mut snapshot = self.write();
        snapshot.local_changes += 1;
        snapshot
            .principals
            .insert(principal.service_account_id, principal);
    }

    /// Reloads every principal if the stored revision moved; returns whether it reloaded. A
    /// load that overlapped a local change is done again (a few times at most; after that the
    /// next refresh tries).
    pub async fn refresh(&self) -> Result<bool, ServiceError> {
        let stored = self.store.principals_revision().await?;
        for _ in 0..REFRESH_ATTEMPTS {
            let local_changes = {
                let snapshot = self.read();
                if snapshot.revision == Some(stored) {
                    return Ok(false);
                }
                snapshot.local_changes
            };
            let (revision, principals) = self.store.list_principals().await?;
            let mut snapshot = self.write();
            if snapshot.local_changes == local_changes {
                snapshot.revision = Some(revision);
                snapshot.principals = principals
                    .into_iter()
                    .map(|principal| (principal.service_account_id, principal))
                    .collect();
                return Ok(true);
            }
        }
        Ok(false)
    }
}
