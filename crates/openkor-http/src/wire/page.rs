//! The pagination envelope.

use openkor_domain::paging::{Page, PageRequest};
use serde::Serialize;
use utoipa::ToSchema;

/// One page of a list (reference §2.2).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PageBody<T: ToSchema> {
    /// Items matching the query over all pages.
    pub total_elements: u64,
    /// Pages of the requested size.
    pub total_pages: u64,
    /// The zero-based page returned (echoes `page`).
    pub number: u32,
    /// Items on this page.
    pub number_of_elements: usize,
    /// Whether a later page holds more items.
    pub has_next: bool,
    /// The items.
    pub content: Vec<T>,
}

impl<T: ToSchema> PageBody<T> {
    /// The envelope for `page`, answered for `request`.
    pub fn new<F>(page: Page<T>, request: &PageRequest<F>) -> Self {
        let size = u64::from(request.size());
        Self {
            total_elements: page.total,
            total_pages: page.total.div_ceil(size),
            number: request.page(),
            number_of_elements: page.items.len(),
            has_next: page.has_next,
            content: page.items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(page: u32, size: u32, items: usize, total: u64) -> PageBody<String> {
        let request = PageRequest::<()>::new(page, size, vec![]).expect("valid");
        let page = Page::counted(vec![String::new(); items], total, request.offset());
        PageBody::new(page, &request)
    }

    #[test]
    fn the_envelope_counts_pages_and_knows_whether_more_follow() {
        let first = envelope(0, 10, 10, 25);
        assert_eq!(
            (first.total_pages, first.number, first.has_next),
            (3, 0, true)
        );
        let last = envelope(2, 10, 5, 25);
        assert_eq!((last.number_of_elements, last.has_next), (5, false));
        let past = envelope(7, 10, 0, 25);
        assert_eq!(
            (past.number, past.number_of_elements, past.has_next),
            (7, 0, false)
        );
        let empty = envelope(0, 10, 0, 0);
        assert_eq!((empty.total_pages, empty.has_next), (0, false));
    }
}
