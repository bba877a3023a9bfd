//! The accept loop: HTTP/1.1 and HTTP/2 on each accepted connection, with a cap on concurrent
//! connections, a deadline for a request's headers (which, between requests on a kept-alive
//! HTTP/1.1 connection, is also the idle timeout), and a graceful shutdown that lets the
//! requests in flight finish.
//!
//! `axum::serve` offers none of these limits, so a client sending its headers a byte at a time,
//! or nothing at all, could hold a connection open forever.

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

/// Default deadline for a request's headers, and idle time allowed between requests, in
/// milliseconds.
pub const HEADER_READ_TIMEOUT_MS_DEFAULT: u64 = 10_000;
/// Default cap on connections served at once.
pub const MAX_CONNECTIONS_DEFAULT: u64 = 4_096;
/// How long to wait before accepting again after the operating system refused an accept (out
/// of file descriptors, for example), in milliseconds.
const ACCEPT_RETRY_MS: u64 = 50;

/// The limits every connection is served under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// A request's headers must arrive within this many milliseconds of the connection opening
    /// or of the previous response; else the connection is closed.
    pub header_read_timeout_ms: u64,
    /// Connections served at once; more wait in the listen backlog.
    pub max_connections: u64,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read_timeout_ms: HEADER_READ_TIMEOUT_MS_DEFAULT,
            max_connections: MAX_CONNECTIONS_DEFAULT,
        }
    }
}

/// The first bytes of an HTTP/2 connection with prior knowledge.
const HTTP2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
/// How often to look again at the first bytes of a connection that has sent only part of them.
const PREFACE_POLL_MS: u64 = 10;

/// Whether, within `timeout`, the client sends enough to tell HTTP/1.1 from HTTP/2. The
/// protocol is chosen before hyper's header timer starts, so a client that sends nothing, or
/// the HTTP/2 preface a byte at a time, is cut off here.
async fn protocol_known(stream: &TcpStream, timeout: Duration) -> bool {
    let wait = async {
        let mut first = [0_u8; 24];
        loop {
            match stream.peek(&mut first).await {
                Ok(0) | Err(_) => return false,
                Ok(n) if n >= HTTP2_PREFACE.len() || first[..n] != HTTP2_PREFACE[..n] => {
                    return true;
                }
                Ok(_) => tokio::time::sleep(Duration::from_millis(PREFACE_POLL_MS)).await,
            }
        }
    };
    tokio::time::timeout(timeout, wait).await.unwrap_or(false)
}

fn builder(limits: ConnectionLimits) -> auto::Builder<TokioExecutor> {
    let timeout = Duration::from_millis(limits.header_read_timeout_ms.max(1));
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(timeout);
    // A dead HTTP/2 peer is found by pings and its connection dropped.
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(timeout))
        .keep_alive_timeout(timeout);
    builder
}

/// Serves `router` on `listener` under `limits` until `shutdown` completes; then stops
/// accepting and waits for the connections in flight to finish their requests.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let builder = builder(limits);
    let permits = usize::try_from(limits.max_connections).unwrap_or(Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(permits.clamp(1, Semaphore::MAX_PERMITS)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.map_err(std::io::Error::other)?,
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    tracing::warn!(%error, "could not accept a connection; retrying");
                    tokio::time::sleep(Duration::from_millis(ACCEPT_RETRY_MS)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (builder, router, watcher) = (builder.clone(), router.clone(), graceful.watcher());
        let timeout = Duration::from_millis(limits.header_read_timeout_ms.max(1));
        tokio::spawn(async move {
            if protocol_known(&stream, timeout).await {
                let service = TowerToHyperService::new(router);
                let connection = builder
                    .serve_connection_with_upgrades(TokioIo::new(stream), service)
                    .into_owned();
                // A connection closed by a timeout or a client error is routine.
                if let Err(error) = watcher.watch(connection).await {
                    tracing::debug!(%error, "connection closed");
                }
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
