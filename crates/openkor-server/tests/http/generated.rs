//! Helpers of the model-based list tests: a deterministic random source, query-string
//! encoding, text mutations and a page walker that checks the paging envelope on the way.

use crate::support::{TestApp, content_ids};

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

pub fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
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

/// Every page of `path?query` of `size` items, in order; checks `hasNext` on each page.
pub async fn walk(app: &TestApp, token: &str, path: &str, query: &str, size: usize) -> Vec<String> {
    let mut seen = Vec::new();
    let separator = if query.is_empty() { "" } else { "&" };
    for page in 0.. {
        let body = app
            .get_json(
                &format!("{path}?{query}{separator}page={page}&size={size}"),
                token,
            )
            .await;
        let ids = content_ids(&body);
        assert!(ids.len() <= size);
        if ids.is_empty() {
            assert_eq!(body["hasNext"], false);
            break;
        }
        seen.extend(ids);
        assert_eq!(
            body["hasNext"].as_bool().unwrap(),
            (seen.len() as u64) < body["totalElements"].as_u64().unwrap()
        );
    }
    seen
}
