//! A loopback HTTP/1.1 proxy that checks every response against the contract on its way to
//! the client: a test suite talking through it fails on any response the document does not
//! describe, without a line of checking in the tests themselves.
//!
//! The proxy forwards each request as it came (method, path and query, headers, body bytes)
//! and each response as it came back. It records each [`Violation`]; the harness asserts there
//! were none when the test ends.

use super::{Contract, ObservedResponse, Violation};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderName};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Headers that belong to one connection, not to the message: never forwarded.
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "content-length",
];

/// A running checking proxy in front of one server.
pub struct Proxy {
    address: SocketAddr,
    violations: Arc<Mutex<Vec<Violation>>>,
    task: JoinHandle<()>,
}

struct Upstream {
    base_url: String,
    client: reqwest::Client,
    contract: Arc<Contract>,
    violations: Arc<Mutex<Vec<Violation>>>,
}

impl Proxy {
    /// Starts a proxy on a loopback port in front of `base_url` (`http://127.0.0.1:PORT`).
    pub async fn start(base_url: &str, contract: Arc<Contract>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let violations = Arc::new(Mutex::new(Vec::new()));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(std::io::Error::other)?;
        let upstream = Arc::new(Upstream {
            base_url: base_url.trim_end_matches('/').to_owned(),
            client,
            contract,
            violations: violations.clone(),
        });
        let task = tokio::spawn(accept(listener, upstream));
        Ok(Self {
            address,
            violations,
            task,
        })
    }

    /// `http://127.0.0.1:PORT` of the proxy.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The violations seen so far.
    pub fn violations(&self) -> Vec<Violation> {
        self.violations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept(listener: TcpListener, upstream: Arc<Upstream>) {
    while let Ok((stream, _)) = listener.accept().await {
        let upstream = upstream.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let upstream = upstream.clone();
                async move { upstream.forward(request).await }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

impl Upstream {
    async fn forward(
        &self,
        request: Request<Incoming>,
    ) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
        let method = request.method().clone();
        let path = request
            .uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
        let mut outgoing = self
            .client
            .request(method.clone(), format!("{}{path}", self.base_url));
        for (name, value) in request.headers() {
            if forwarded(name) && name != hyper::header::HOST {
                outgoing = outgoing.header(name, value);
            }
        }
        let body = match request.into_body().collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(error) => return Ok(bad_gateway(&format!("reading the request: {error}"))),
        };
        let upstream = match outgoing.body(body).send().await {
            Ok(response) => response,
            Err(error) => return Ok(bad_gateway(&format!("forwarding: {error}"))),
        };
        let status = upstream.status();
        let headers = upstream.headers().clone();
        let body = match upstream.bytes().await {
            Ok(body) => body,
            Err(error) => return Ok(bad_gateway(&format!("reading the response: {error}"))),
        };
        self.check(method.as_str(), &path, status, &headers, &body);
        let mut response = Response::new(Full::new(body));
        *response.status_mut() = status;
        for (name, value) in &headers {
            if forwarded(name) {
                response.headers_mut().append(name, value.clone());
            }
        }
        Ok(response)
    }

    fn check(
        &self,
        method: &str,
        path: &str,
        status: StatusCode,
        headers: &hyper::HeaderMap,
        body: &[u8],
    ) {
        let observed = ObservedResponse {
            status: status.as_u16(),
            content_type: headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()),
            body,
        };
        if let Err(violation) = self.contract.check_response(method, path, observed) {
            self.violations
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(violation);
        }
    }
}

fn forwarded(name: &HeaderName) -> bool {
    !HOP_BY_HOP.contains(&name.as_str())
}

fn bad_gateway(reason: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(reason.to_owned())));
    *response.status_mut() = StatusCode::BAD_GATEWAY;
    response
}
