//! The bearer token: exchanged for the API key and secret on first use, kept until shortly
//! before it expires, and exchanged again after a 401. One exchange at a time: concurrent
//! callers wait on the lock and share its result.

use crate::error::Result;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// The most a token is refreshed ahead of its expiry.
pub(crate) const REFRESH_MARGIN_MAX: Duration = Duration::from_secs(60);

/// A token and when to stop using it.
#[derive(Clone)]
struct Cached {
    access_token: String,
    refresh_at: Instant,
}

/// The shared token slot.
#[derive(Default)]
pub(crate) struct TokenCache {
    slot: Mutex<Option<Cached>>,
}

impl TokenCache {
    /// The current token, running `exchange` (under the lock) when there is none or it is
    /// about to expire. `exchange` answers the token and its lifetime.
    pub(crate) async fn get<F, Fut>(&self, exchange: F) -> Result<String>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(String, Duration)>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = slot.as_ref().filter(|c| Instant::now() < c.refresh_at) {
            return Ok(cached.access_token.clone());
        }
        let (access_token, lifetime) = exchange().await?;
        let margin = REFRESH_MARGIN_MAX.min(lifetime / 10);
        *slot = Some(Cached {
            access_token: access_token.clone(),
            refresh_at: Instant::now() + lifetime.saturating_sub(margin),
        });
        Ok(access_token)
    }

    /// Forgets `refused`, the token a 401 answered, unless another caller already replaced it
    /// (so that many requests refused together cause one exchange, not many).
    pub(crate) async fn forget(&self, refused: &str) {
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|c| c.access_token == refused) {
            *slot = None;
        }
    }
}
