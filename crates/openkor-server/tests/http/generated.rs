//! Helpers of the model-based list tests: a deterministic random source, text mutations and
//! a page walker that checks the paging envelope on the way.

use crate::typed::{Id, ids};
use openkor_client::{Page, Paged};

/// SplitMix64: small, deterministic, good enough to spread test data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// A non-empty random subset of `items`, in random order.
    pub fn subset<T: Copy>(&mut self, items: &[T]) -> Vec<T> {
        let mut pool = items.to_vec();
        let mut chosen = Vec::new();
        for _ in 0..=self.below(items.len()) {
            chosen.push(pool.swap_remove(self.below(pool.len())));
        }
        chosen
    }
}

pub fn substring(rng: &mut Rng, text: &str, len: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let len = len.min(chars.len());
    let start = rng.below(chars.len() - len + 1);
    chars[start..start + len].iter().collect()
}

pub fn random_case(rng: &mut Rng, text: &str) -> String {
    text.chars()
        .map(|c| {
            if rng.chance(50) {
                c.to_uppercase().next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Every page of `size` items of a typed list query, in order, each fetched by `fetch` with
/// the query's `page` and `size` set; checks `hasNext` on each page, and reads one page past
/// the last, which must be empty and say `hasNext: false`.
pub async fn walk<T, Q, F, Fut>(mut query: Q, size: usize, mut fetch: F) -> Vec<String>
where
    T: Id,
    Q: Paged,
    F: FnMut(Q) -> Fut,
    Fut: Future<Output = openkor_client::Result<Page<T>>>,
{
    let mut seen = Vec::new();
    for page in 0.. {
        let paging = query.paging_mut();
        paging.page = Some(page);
        paging.size = Some(u32::try_from(size).unwrap());
        let body = fetch(query.clone()).await.unwrap();
        let ids = ids(&body);
        assert!(ids.len() <= size);
        if ids.is_empty() {
            assert!(!body.has_next);
            break;
        }
        seen.extend(ids);
        assert_eq!(body.has_next, (seen.len() as i64) < body.total_elements);
    }
    seen
}
