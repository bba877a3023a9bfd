//! Running a store unit of work to completion on the thread that owns its connection.

use openkor_store::StoreError;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Polls `future` once. A unit of work on SQLite only awaits [`crate::SqliteConn`] calls, which
/// finish synchronously, so one poll completes it; anything that would wait on something else
/// is refused rather than blocking the connection's thread.
pub(crate) fn run_now<T>(
    future: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(result) => result,
        Poll::Pending => Err(StoreError::Other(
            "a SQLite unit of work awaited something other than its connection".into(),
        )),
    }
}
