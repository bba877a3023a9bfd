//! Paging and sorting requests and results, shared by every list use case.

use crate::limits::{PAGE_INDEX_MAX, PAGE_SIZE_MAX};

/// Sort direction of one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortDirection {
    /// Smallest first.
    Asc,
    /// Largest first.
    Desc,
}

impl SortDirection {
    /// The SQL keyword.
    pub const fn sql(self) -> &'static str {
        match self {
            SortDirection::Asc => "ASC",
            SortDirection::Desc => "DESC",
        }
    }
}

/// One sort key: a whitelisted field of the resource and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SortKey<F> {
    /// The field, an enum of the fields the resource allows sorting on.
    pub field: F,
    /// The direction.
    pub direction: SortDirection,
}

/// A validated request for one page. `page` is zero-based; `size` is within `1..=PAGE_SIZE_MAX`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest<F> {
    page: u32,
    size: u32,
    sort: Vec<SortKey<F>>,
}

impl<F> PageRequest<F> {
    /// A page request; `None` when `size` is 0 or above the cap, or `page` above its cap.
    pub fn new(page: u32, size: u32, sort: Vec<SortKey<F>>) -> Option<Self> {
        let valid = (1..=PAGE_SIZE_MAX).contains(&size) && page <= PAGE_INDEX_MAX;
        valid.then_some(Self { page, size, sort })
    }

    /// Zero-based page index.
    pub fn page(&self) -> u32 {
        self.page
    }

    /// Page size.
    pub fn size(&self) -> u32 {
        self.size
    }

    /// Rows to skip.
    pub fn offset(&self) -> u64 {
        u64::from(self.page) * u64::from(self.size)
    }

    /// Sort keys in priority order; the store appends `id` as the final tie-break.
    pub fn sort(&self) -> &[SortKey<F>] {
        &self.sort
    }
}

/// One page of results and the total number of matching rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The rows of this page, in order.
    pub items: Vec<T>,
    /// Rows matching the query over all pages (a list may report a lower bound beyond a cap).
    pub total: u64,
    /// Whether a later page holds more rows.
    pub has_next: bool,
}

impl<T> Page<T> {
    /// The page at `offset` of a list whose exact count is `total`.
    pub fn counted(items: Vec<T>, total: u64, offset: u64) -> Self {
        let has_next = offset + (items.len() as u64) < total && !items.is_empty();
        Self {
            items,
            total,
            has_next,
        }
    }

    /// Maps every item, keeping the total.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            has_next: self.has_next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_requests_refuse_zero_and_oversized_pages() {
        assert!(PageRequest::<()>::new(0, 0, vec![]).is_none());
        assert!(PageRequest::<()>::new(0, PAGE_SIZE_MAX + 1, vec![]).is_none());
        assert!(PageRequest::<()>::new(PAGE_INDEX_MAX + 1, 1, vec![]).is_none());
        let request = PageRequest::<()>::new(3, 25, vec![]).expect("valid");
        assert_eq!(request.offset(), 75);
    }

    #[test]
    fn the_largest_offset_fits_comfortably_in_u64() {
        let request = PageRequest::<()>::new(PAGE_INDEX_MAX, PAGE_SIZE_MAX, vec![]).expect("valid");
        assert_eq!(request.offset(), 1_000_000_000);
    }
}
