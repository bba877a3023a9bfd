//! Where recent pages of each list ended, so that the page after one starts there: keyset paging
//! behind `page`/`size`. A client walking `page=0, 1, 2, …` of one query gets each page as the
//! continuation of the one before (the sort key of its last row is the next page's bound), so
//! a deep page costs what the first does and rows inserted meanwhile neither repeat nor push
//! rows past the page boundary. Without a recorded end (another process served the page
//! before, or it is older than `CURSOR_TTL_MS`), a page is read at its offset.
//!
//! The record is per process and bounded: two generations of at most
//! `CURSORS_PER_GENERATION` entries, the older dropped when the newer fills.

use crate::sql::{COUNT_CAP, Conditions, KeyValues, OFFSET_MAX};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Entries per generation (so at most twice this many are kept).
const CURSORS_PER_GENERATION: usize = 8_192;
/// How long a page's end serves as the next page's start.
const CURSOR_TTL_MS: u64 = 5 * 60 * 1_000;

/// One page of one query of one tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct PagePosition(u128);

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
        let half = |salt: u8| {
            let mut hasher = DefaultHasher::new();
            (
                salt,
                scope,
                from,
                &conditions.sql,
                &conditions.values,
                order,
                size,
                page,
            )
                .hash(&mut hasher);
            hasher.finish()
        };
        Self((u128::from(half(1)) << 64) | u128::from(half(2)))
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
    /// Matching rows counted at most (see [`crate::sql::COUNT_CAP`]).
    pub(crate) count_cap: u64,
    /// The deepest offset read (see [`crate::sql::OFFSET_MAX`]).
    pub(crate) offset_max: u64,
}

impl Default for PageCursors {
    fn default() -> Self {
        Self::with_caps(COUNT_CAP, OFFSET_MAX)
    }
}

impl std::fmt::Debug for PageCursors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCursors").finish_non_exhaustive()
    }
}

impl PageCursors {
    /// No pages recorded yet; counts stop at `count_cap` rows, offsets at `offset_max`.
    pub(crate) fn with_caps(count_cap: u64, offset_max: u64) -> Self {
        Self {
            generations: Mutex::default(),
            count_cap,
            offset_max,
        }
    }

    /// The sort key after which `position` starts, if the page before it was served recently.
    pub(crate) fn start_of(&self, position: PagePosition) -> Option<KeyValues> {
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

    /// Records that `position` starts after `after` (the last row of the page before it).
    pub(crate) fn record(&self, position: PagePosition, after: KeyValues) {
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
        let cursors = PageCursors::default();
        let after = vec![Some(SqlValue::I64(7))];
        cursors.record(position(2), after.clone());
        assert_eq!(cursors.start_of(position(2)), Some(after));
        assert_eq!(cursors.start_of(position(3)), None);
        let other_scope = PagePosition::new(
            Uuid::max(),
            "t x",
            &Conditions::default(),
            "ORDER BY x.id",
            20,
            2,
        );
        assert_eq!(cursors.start_of(other_scope), None);
    }

    #[test]
    fn the_record_is_bounded() {
        let cursors = PageCursors::default();
        let pages = u32::try_from(CURSORS_PER_GENERATION * 3).expect("small");
        for page in 0..pages {
            cursors.record(position(page), vec![None]);
        }
        let kept = cursors.generations.lock().expect("lock");
        assert!(kept.current.len() + kept.previous.len() <= 2 * CURSORS_PER_GENERATION);
        drop(kept);
        assert!(cursors.start_of(position(pages - 1)).is_some());
        assert!(cursors.start_of(position(0)).is_none());
    }
}
