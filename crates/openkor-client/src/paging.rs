//! Lists: the page envelope (reference §2.2), paging and sort parameters, and walking every
//! page of a list.

use crate::error::Result;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

/// One page of a list, as the wire sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// Matching items in all pages (the server stops counting at a cap; see the API docs).
    pub total_elements: i64,
    /// Pages of this size.
    pub total_pages: i64,
    /// The zero-based page number returned.
    pub number: i32,
    /// Items in this page.
    pub number_of_elements: i64,
    /// Whether another page follows.
    pub has_next: bool,
    /// The items.
    pub content: Vec<T>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "crate::models::unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// A sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

/// One `sort=field,ASC|DESC` parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sort {
    /// A sortable field of the list, e.g. `createdAt`.
    pub field: String,
    /// The direction.
    pub direction: Direction,
}

impl Sort {
    /// Ascending by `field`.
    pub fn asc(field: &str) -> Self {
        Self {
            field: field.to_owned(),
            direction: Direction::Asc,
        }
    }

    /// Descending by `field`.
    pub fn desc(field: &str) -> Self {
        Self {
            field: field.to_owned(),
            direction: Direction::Desc,
        }
    }
}

impl Serialize for Sort {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let direction = match self.direction {
            Direction::Asc => "ASC",
            Direction::Desc => "DESC",
        };
        serializer.serialize_str(&format!("{},{direction}", self.field))
    }
}

/// `page`, `size` and `sort`, which every paged list accepts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PageQuery {
    /// Zero-based page index (server default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size, 1–100 (server default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
    /// Sort keys, most significant first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sort: Vec<Sort>,
}

impl PageQuery {
    /// Page `page` of `size` items.
    pub fn new(page: u32, size: u32) -> Self {
        Self {
            page: Some(page),
            size: Some(size),
            sort: Vec::new(),
        }
    }
}

/// A list query: its filters and its [`PageQuery`].
pub trait Paged: Clone {
    /// The paging part, which [`all_pages`] advances.
    fn paging_mut(&mut self) -> &mut PageQuery;
}

impl Paged for PageQuery {
    fn paging_mut(&mut self) -> &mut PageQuery {
        self
    }
}

/// Every item of a list from `query`'s page on: fetches pages in turn until one says
/// `hasNext: false` (or is empty, so that a server bug cannot loop forever).
pub async fn all_pages<T, Q, F, Fut>(mut query: Q, mut fetch: F) -> Result<Vec<T>>
where
    Q: Paged,
    F: FnMut(Q) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    let mut items = Vec::new();
    loop {
        let page = fetch(query.clone()).await?;
        let last = !page.has_next || page.content.is_empty();
        items.extend(page.content);
        if last {
            return Ok(items);
        }
        let paging = query.paging_mut();
        paging.page = Some(paging.page.unwrap_or(0) + 1);
    }
}
