//! Where recent pages of each list ended, so that the page after one starts there: keyset paging
//! behind `page`/`size`. A client walking `page=0, 1, 2, …` of one query gets each page as the
//! continuation of the one before (the sort key of its last row is the next page's bound), so
//! a deep page costs what the first does and rows inserted meanwhile neither repeat nor push
//! rows past the page boundary. Without a recorded end (older than `CURSOR_TTL_MS`, or never
//! served), a page is read at its offset.
//!
//! Where the ends are kept depends on the backend. A database one process serves (SQLite):
//! in that process's memory, bounded to two generations of at most `CURSORS_PER_GENERATION`
//! entries, the older dropped when the newer fills. A database several processes share
//! (PostgreSQL): in the database ([`super::page_ends`]), written after the page's snapshot
//! and before the page is answered, so the next page finds it whichever process serves it.

use super::page_ends;
use crate::StoreError;
use crate::db::{Backend, Conn};
use crate::sql::search::CANDIDATES_MAX;
use crate::sql::{COUNT_CAP, Conditions, KeyValues, OFFSET_MAX};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Entries per generation (so at most twice this many are kept).
const CURSORS_PER_GENERATION: usize = 8_192;
/// How long a page's end serves as the next page's start.
pub(crate) const CURSOR_TTL_MS: u64 = 5 * 60 * 1_000;

/// One page of one query of one tenant: a hash that every process (and every release) computes
/// alike, since one process may record where the page before ended and another read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct PagePosition(Uuid);

impl PagePosition {
    /// Page `page` of `size` rows of the list of `scope` over `from` with `conditions` in
    /// `order` (its `ORDER BY`).
    pub(crate) fn new(
        scope: Uuid,
        from: &str,
        conditions: &Conditions,
        order: &str,
        size: u32,
        page: u32,
    ) -> Self {
        let mut hash = Sha256::new();
        hash.update(scope.as_bytes());
        for text in [from, &conditions.sql, order] {
            hash.update(text.as_bytes());
            hash.update([0]);
        }
        hash.update(page_ends::encode_values(&conditions.values).as_bytes());
        hash.update([0]);
        hash.update(size.to_be_bytes());
        hash.update(page.to_be_bytes());
        let digest = hash.finalize();
        let mut bytes = [0_u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Self(Uuid::from_bytes(bytes))
    }

    /// The position as the key of its row in the database.
    pub(crate) fn id(self) -> Uuid {
        self.0
    }
}

struct Entry {
    after: KeyValues,
    recorded: Instant,
}

#[derive(Default)]
struct Generations {
    current: HashMap<PagePosition, Entry>,
    previous: HashMap<PagePosition, Entry>,
}

/// The recorded ends of recent pages (see the module documentation), and the caps of paging.
pub struct PageCursors {
    generations: Mutex<Generations>,
    /// Whether the ends are kept in the database instead of in `generations`.
    in_database: bool,
    /// Matching rows counted at most (see [`crate::sql::COUNT_CAP`]).
    pub(crate) count_cap: u64,
    /// The deepest offset read (see [`crate::sql::OFFSET_MAX`]).
    pub(crate) offset_max: u64,
    /// The most candidates a list reads first (see [`crate::sql::search::CANDIDATES_MAX`]).
    pub(crate) candidates_max: u64,
}

impl std::fmt::Debug for PageCursors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCursors").finish_non_exhaustive()
    }
}

impl PageCursors {
    /// No pages recorded yet, kept in the database when `in_database` (else in memory), with
    /// the default caps.
    pub(crate) fn new(in_database: bool) -> Self {
        Self::with_caps(in_database, COUNT_CAP, OFFSET_MAX)
    }

    /// No pages recorded yet; counts stop at `count_cap` rows, offsets at `offset_max`.
    pub(crate) fn with_caps(in_database: bool, count_cap: u64, offset_max: u64) -> Self {
        Self {
            generations: Mutex::default(),
            in_database,
            count_cap,
            offset_max,
            candidates_max: CANDIDATES_MAX,
        }
    }

    /// The same caps, with lists reading at most `candidates_max` candidates first.
    pub(crate) fn with_candidates_max(&self, candidates_max: u64) -> Self {
        Self {
            candidates_max,
            ..Self::with_caps(self.in_database, self.count_cap, self.offset_max)
        }
    }

    /// The sort key after which `position` starts, if the page before it was served recently
    /// by this process.
    fn remembered_start_of(&self, position: PagePosition) -> Option<KeyValues> {
        let generations = self
            .generations
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let entry = generations
            .current
            .get(&position)
            .or_else(|| generations.previous.get(&position))?;
        let fresh = entry.recorded.elapsed() < Duration::from_millis(CURSOR_TTL_MS);
        fresh.then(|| entry.after.clone())
    }

    /// Remembers that `position` starts after `after` (the last row of the page before it).
    fn remember(&self, position: PagePosition, after: KeyValues) {
        let mut generations = self
            .generations
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if generations.current.len() >= CURSORS_PER_GENERATION {
            generations.previous = std::mem::take(&mut generations.current);
        }
        generations.current.insert(
            position,
            Entry {
                after,
                recorded: Instant::now(),
            },
        );
    }
}

/// One list request's use of the page ends: where its page starts, and the end it leaves for
/// the page after it, which [`PageTurn::keep`] writes to the database once the page's snapshot
/// is over (a snapshot is read-only).
pub(crate) struct PageTurn {
    cursors: Arc<PageCursors>,
    left: Mutex<Option<(PagePosition, KeyValues)>>,
}

impl PageTurn {
    /// A turn of a request over `cursors`.
    pub(crate) fn new(cursors: &Arc<PageCursors>) -> Arc<Self> {
        Arc::new(Self {
            cursors: cursors.clone(),
            left: Mutex::default(),
        })
    }

    /// The caps of paging.
    pub(crate) fn cursors(&self) -> &PageCursors {
        &self.cursors
    }

    /// The sort key after which `position` starts, if the page before it was served recently
    /// (read on `conn` when the ends are kept in the database).
    pub(crate) async fn start_of<C: Conn>(
        &self,
        conn: &mut C,
        position: PagePosition,
    ) -> Result<Option<KeyValues>, StoreError> {
        if self.cursors.in_database {
            page_ends::start_of(conn, position).await
        } else {
            Ok(self.cursors.remembered_start_of(position))
        }
    }

    /// Records that `position` starts after `after` (the last row of the page before it).
    pub(crate) fn record(&self, position: PagePosition, after: KeyValues) {
        if self.cursors.in_database {
            *self.left.lock().unwrap_or_else(PoisonError::into_inner) = Some((position, after));
        } else {
            self.cursors.remember(position, after);
        }
    }

    /// Writes the end this request's page left, if any, to the database, so the next page
    /// starts there whichever process serves it.
    pub(crate) async fn keep<B: Backend>(&self, backend: &B) -> Result<(), StoreError> {
        let left = self
            .left
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match left {
            Some((position, after)) => {
                backend
                    .write(move |conn| {
                        Box::pin(async move { page_ends::keep(conn, position, &after).await })
                    })
                    .await
            }
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::SqlValue;

    fn position(page: u32) -> PagePosition {
        PagePosition::new(
            Uuid::nil(),
            "t x",
            &Conditions::default(),
            "ORDER BY x.id",
            20,
            page,
        )
    }

    #[test]
    fn a_recorded_start_is_found_for_its_page_only() {
        let cursors = PageCursors::new(false);
        let after = vec![Some(SqlValue::I64(7))];
        cursors.remember(position(2), after.clone());
        assert_eq!(cursors.remembered_start_of(position(2)), Some(after));
        assert_eq!(cursors.remembered_start_of(position(3)), None);
        let other_scope = PagePosition::new(
            Uuid::max(),
            "t x",
            &Conditions::default(),
            "ORDER BY x.id",
            20,
            2,
        );
        assert_eq!(cursors.remembered_start_of(other_scope), None);
    }

    #[test]
    fn the_record_is_bounded() {
        let cursors = PageCursors::new(false);
        let pages = u32::try_from(CURSORS_PER_GENERATION * 3).expect("small");
        for page in 0..pages {
            cursors.remember(position(page), vec![None]);
        }
        let kept = cursors.generations.lock().expect("lock");
        assert!(kept.current.len() + kept.previous.len() <= 2 * CURSORS_PER_GENERATION);
        drop(kept);
        assert!(cursors.remembered_start_of(position(pages - 1)).is_some());
        assert!(cursors.remembered_start_of(position(0)).is_none());
    }
}
