//! A webhook receiver on a loopback port: records every request it gets and answers as the
//! test scripts it (a status, or holding the request until the test releases it).

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// One request as received.
#[derive(Clone, Debug)]
pub struct Received {
    /// Its headers.
    pub headers: HeaderMap,
    /// Its body.
    pub body: Bytes,
    /// The status it was answered with (0: the connection was dropped first).
    pub answered: u16,
}

impl Received {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
}

/// How the receiver answers one request.
#[derive(Clone)]
pub enum Reply {
    /// This status at once.
    Status(u16),
    /// Hold the request until `release` is notified, then answer 200.
    HoldUntil(Arc<Notify>),
    /// Hold the request longer than any test's deadline.
    Hang,
    /// 307 to this URL.
    Redirect(String),
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    script: Mutex<VecDeque<Reply>>,
    arrived: Notify,
}

/// The running receiver.
pub struct Receiver {
    /// `http://127.0.0.1:<port>/hook`.
    pub url: String,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Receiver {
    /// Starts one that answers 200 until scripted otherwise.
    pub async fn start() -> Self {
        let shared = Arc::new(Shared::default());
        let state = shared.clone();
        let app = Router::new().route(
            "/hook",
            post(move |headers: HeaderMap, body: Bytes| {
                let state = state.clone();
                async move { answer(&state, headers, body).await }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url,
            shared,
            server,
        }
    }

    /// Answers the next requests with `replies`, in order, then 200 again.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.shared.script.lock().expect("script").extend(replies);
    }

    /// Every request received so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().expect("received").clone()
    }

    /// Waits until `count` requests have arrived; panics after `guard_s` seconds (a liveness
    /// guard, not a timing assertion).
    pub async fn wait_for(&self, count: usize, guard_s: u64) -> Vec<Received> {
        let wait = async {
            loop {
                let arrived = self.shared.arrived.notified();
                if self.received().len() >= count {
                    return;
                }
                arrived.await;
            }
        };
        if tokio::time::timeout(Duration::from_secs(guard_s), wait)
            .await
            .is_err()
        {
            panic!(
                "{count} requests expected, {} arrived",
                self.received().len()
            );
        }
        self.received()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn answer(
    shared: &Shared,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, [(axum::http::HeaderName, String); 1]) {
    let reply = shared
        .script
        .lock()
        .expect("script")
        .pop_front()
        .unwrap_or(Reply::Status(200));
    let index = {
        let mut received = shared.received.lock().expect("received");
        received.push(Received {
            headers,
            body,
            answered: 0,
        });
        received.len() - 1
    };
    shared.arrived.notify_waiters();
    let mut location = String::new();
    let status = match reply {
        Reply::Status(code) => code,
        Reply::Redirect(to) => {
            location = to;
            307
        }
        Reply::HoldUntil(release) => {
            release.notified().await;
            200
        }
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(3_600)).await;
            200
        }
    };
    shared.received.lock().expect("received")[index].answered = status;
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(axum::http::header::LOCATION, location)],
    )
}
