//! Sends one delivery: the Standard Webhooks request (envelope, `webhook-id`,
//! `webhook-timestamp`, `webhook-signature`) over https with the WebPKI roots, and what came
//! of it.
//!
//! Safety: redirects are never followed (a 3xx is a failed attempt); no proxy is used; every
//! address a receiver's name resolves to is checked at connect time, so a name that resolved
//! to a public address when the subscription was made and to a private one now (DNS
//! rebinding) is refused, as is an IP-literal URL or plain http outside development; the
//! request has a deadline; at most [`RESPONSE_BODY_BYTES_MAX`] of the answer is read. Neither
//! the secret nor the URL's query string is ever logged or recorded.

use openkor_domain::clock::Timestamp;
use openkor_domain::webhook::Attempt;
use openkor_domain::webhook::address::forbidden_reason;
use openkor_service::webhooks::signature::signature_header;
use openkor_store::ClaimedDelivery;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Bytes of a receiver's answer read at most (the rest is dropped with the connection).
pub const RESPONSE_BODY_BYTES_MAX: usize = 64 * 1024;

/// The `User-Agent` of every delivery.
const USER_AGENT: &str = concat!("openkor-webhooks/", env!("CARGO_PKG_VERSION"));

/// Why the HTTP client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("webhook client: {0}")]
pub struct SenderError(String);

/// Resolves receiver names, refusing any whose addresses include a forbidden one.
struct GuardedResolver {
    allow_private_targets: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow_private_targets;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if !allow && let Some(reason) = addresses.iter().find_map(|a| forbidden_reason(a.ip()))
            {
                let refused = std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!("refused: {host} resolves to {reason}"),
                );
                return Err(refused.into());
            }
            let addrs: Addrs = Box::new(addresses.into_iter());
            Ok(addrs)
        })
    }
}

/// The webhook HTTP client.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    allow_private_targets: bool,
    timeout_ms: u64,
}

impl Sender {
    /// A client with a `timeout_ms` deadline per request; `allow_private_targets` admits
    /// plain http and private addresses (development and tests).
    pub fn new(timeout_ms: u64, allow_private_targets: bool) -> Result<Self, SenderError> {
        // reqwest checks for a process-wide provider even when given a configuration.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let roots =
            rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|error| SenderError(error.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(Duration::from_millis(timeout_ms))
            .connect_timeout(Duration::from_millis(timeout_ms))
            .pool_idle_timeout(Duration::from_secs(30))
            .user_agent(USER_AGENT)
            .dns_resolver(GuardedResolver {
                allow_private_targets,
            })
            .build()
            .map_err(|error| SenderError(error.without_url().to_string()))?;
        Ok(Self {
            client,
            allow_private_targets,
            timeout_ms,
        })
    }

    /// The request deadline, in milliseconds.
    pub fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }

    /// Sends `delivery` at `at`; never fails: what went wrong is the attempt's error.
    pub async fn send(&self, delivery: &ClaimedDelivery, at: Timestamp) -> Attempt {
        let started = Instant::now();
        let outcome = self.post(delivery, at).await;
        let latency_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let (status_code, error) = match outcome {
            Ok(code) if (200..300).contains(&code) => (Some(code), None),
            Ok(code) => (Some(code), Some(format!("the receiver answered {code}"))),
            Err(error) => (None, Some(error)),
        };
        Attempt {
            at,
            status_code,
            latency_ms,
            error,
        }
    }

    /// The POST and its status code, or why there was none.
    async fn post(&self, delivery: &ClaimedDelivery, at: Timestamp) -> Result<u16, String> {
        let url = reqwest::Url::parse(&delivery.url).map_err(|e| format!("invalid URL: {e}"))?;
        self.check_target(&url)?;
        let body = envelope(delivery);
        let id = delivery.event_id.to_string();
        let timestamp_s = at.unix_s();
        let signature = signature_header(&delivery.secrets, &id, timestamp_s, body.as_bytes());
        let response = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp_s.to_string())
            .header("webhook-signature", signature)
            .body(body)
            .send()
            .await
            .map_err(|error| describe(&error, self.timeout_ms))?;
        let code = response.status().as_u16();
        drain(response).await;
        Ok(code)
    }

    /// Refuses plain http and IP-literal forbidden addresses outside development (names are
    /// checked by the resolver).
    fn check_target(&self, url: &reqwest::Url) -> Result<(), String> {
        if self.allow_private_targets {
            return Ok(());
        }
        if url.scheme() != "https" {
            return Err("refused: the URL is not https".to_owned());
        }
        let literal = match url.host() {
            Some(url::Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
            Some(url::Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
            _ => None,
        };
        match literal.and_then(forbidden_reason) {
            Some(reason) => Err(format!("refused: the URL names {reason}")),
            None => Ok(()),
        }
    }
}

/// The envelope of reference §12: `{id, type, createdAt, data}`.
pub fn envelope(delivery: &ClaimedDelivery) -> String {
    let text = |value: &str| serde_json::Value::String(value.to_owned()).to_string();
    format!(
        "{{\"id\":{},\"type\":{},\"createdAt\":{},\"data\":{}}}",
        text(&delivery.event_id.to_string()),
        text(&delivery.event_type),
        text(&delivery.event_created_at.to_string()),
        delivery.payload
    )
}

/// Reads at most [`RESPONSE_BODY_BYTES_MAX`] of the answer, so a connection that answered
/// quickly can be reused, without letting a receiver stream forever.
async fn drain(mut response: reqwest::Response) {
    let mut read = 0;
    while read < RESPONSE_BODY_BYTES_MAX {
        match response.chunk().await {
            Ok(Some(chunk)) => read += chunk.len(),
            _ => break,
        }
    }
}

/// What went wrong, without the URL (its query string may hold a receiver's token).
fn describe(error: &reqwest::Error, timeout_ms: u64) -> String {
    if error.is_timeout() {
        return format!("timed out after {timeout_ms} ms");
    }
    let mut text = if error.is_connect() {
        "could not connect".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if cause_text.starts_with("refused:") {
            return cause_text;
        }
        text.push_str(": ");
        text.push_str(&cause_text);
        source = cause.source();
    }
    text
}
