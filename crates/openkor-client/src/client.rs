//! The client: a base URL, credentials, a shared token, and the one place a request is sent
//! and its answer read.

use crate::error::{Error, ErrorEnvelope, Result};
use crate::token::TokenCache;
use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;

/// A typed client of one openkor server. Cheap to clone: clones share the token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    api_key: String,
    api_secret: String,
    token: TokenCache,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_key", &self.inner.api_key)
            .finish_non_exhaustive()
    }
}

/// One request of an operation: what [`Client::call`] sends.
pub(crate) struct Call {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) idempotency_key: Option<String>,
    /// Sent without a token (probes, metrics, the document).
    pub(crate) public: bool,
}

impl Call {
    pub(crate) fn new(method: Method, path: String) -> Self {
        Self {
            method,
            path,
            query: Vec::new(),
            body: None,
            idempotency_key: None,
            public: false,
        }
    }

    /// An operation that needs no token.
    pub(crate) fn public(mut self) -> Self {
        self.public = true;
        self
    }

    /// One more query parameter, when it has a value.
    pub(crate) fn param(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.query.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// The JSON body (serialising a request struct cannot fail: no maps with non-string keys).
    pub(crate) fn json(mut self, body: &impl Serialize) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(Error::Encode)?;
        self.body = Some(bytes);
        Ok(self)
    }

    pub(crate) fn query(mut self, query: &impl Serialize) -> Self {
        self.query.extend(crate::query::pairs(query));
        self
    }

    pub(crate) fn idempotency_key(mut self, key: Option<&str>) -> Self {
        self.idempotency_key = key.map(str::to_owned);
        self
    }
}

/// An answer with a 2xx status.
struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl Client {
    /// A client of `base_url` (`http://host:port`) authenticating with an API key and secret,
    /// over a default `reqwest` client.
    pub fn new(base_url: &str, api_key: &str, api_secret: &str) -> Result<Self> {
        let http = reqwest::Client::builder().build()?;
        Self::with_http_client(http, base_url, api_key, api_secret)
    }

    /// The same over your own `reqwest` client (timeouts, proxies, TLS roots).
    pub fn with_http_client(
        http: reqwest::Client,
        base_url: &str,
        api_key: &str,
        api_secret: &str,
    ) -> Result<Self> {
        let base_url = parse_base_url(base_url)?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base_url,
                api_key: api_key.to_owned(),
                api_secret: api_secret.to_owned(),
                token: TokenCache::default(),
            }),
        })
    }

    /// The server's base URL.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str().trim_end_matches('/')
    }

    /// A bearer token for the credentials, exchanged when none is held or it is about to
    /// expire (for tools that need one, e.g. to call `/metrics` by hand).
    pub async fn access_token(&self) -> Result<String> {
        self.inner.token.get(|| self.exchange_once()).await
    }

    async fn exchange_once(&self) -> Result<(String, Duration)> {
        let token = self.exchange_token().await?;
        let lifetime = Duration::from_secs(token.expires_in.max(0).unsigned_abs());
        Ok((token.access_token, lifetime))
    }

    /// `POST /v1/api-keys/exchange` with Basic credentials: a fresh token, not cached.
    pub async fn exchange_token(&self) -> Result<crate::models::Token> {
        let request = self
            .inner
            .http
            .post(self.url("/v1/api-keys/exchange", &[]))
            .basic_auth(&self.inner.api_key, Some(&self.inner.api_secret));
        let answer = read(request.send().await?).await?;
        decode(answer)
    }

    /// Sends `call` with a bearer token, once more with a fresh token after a 401.
    async fn send(&self, call: &Call) -> Result<Answer> {
        if call.public {
            let request = self
                .inner
                .http
                .request(call.method.clone(), self.url(&call.path, &call.query));
            return read(request.send().await?).await;
        }
        let token = self.access_token().await?;
        let response = self.request(call, &token).send().await?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return read(response).await;
        }
        self.inner.token.forget(&token).await;
        let token = self.access_token().await?;
        read(self.request(call, &token).send().await?).await
    }

    fn request(&self, call: &Call, token: &str) -> reqwest::RequestBuilder {
        let mut request = self
            .inner
            .http
            .request(call.method.clone(), self.url(&call.path, &call.query))
            .bearer_auth(token);
        if let Some(key) = &call.idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(body) = &call.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        request
    }

    fn url(&self, path: &str, query: &[(String, String)]) -> Url {
        let mut url = self.inner.base_url.clone();
        let base_path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base_path}{path}"));
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// Sends `call` and decodes its JSON answer.
    pub(crate) async fn call<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        decode(self.send(&call).await?)
    }

    /// Sends `call`, whose answer has no body (204).
    pub(crate) async fn call_empty(&self, call: Call) -> Result<()> {
        self.send(&call).await.map(drop)
    }

    /// Sends `call` and answers its body as text (`/metrics`, `/openapi.json`).
    pub(crate) async fn call_text(&self, call: Call) -> Result<String> {
        let answer = self.send(&call).await?;
        Ok(String::from_utf8_lossy(&answer.body).into_owned())
    }
}

fn parse_base_url(base_url: &str) -> Result<Url> {
    let invalid = |reason: String| Error::InvalidBaseUrl {
        url: base_url.to_owned(),
        reason,
    };
    let url = Url::parse(base_url).map_err(|e| invalid(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(invalid("not an http(s) URL".to_owned()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a base URL has no query or fragment".to_owned()));
    }
    Ok(url)
}

/// Reads the answer: a 2xx becomes an [`Answer`], anything else an [`Error::Api`].
async fn read(response: reqwest::Response) -> Result<Answer> {
    let status = response.status().as_u16();
    let retry_after = retry_after(response.headers());
    let body = response.bytes().await?.to_vec();
    if (200..300).contains(&status) {
        return Ok(Answer { status, body });
    }
    match serde_json::from_slice::<ErrorEnvelope>(&body) {
        Ok(envelope) => Err(Error::Api(Box::new(
            envelope.into_error(status, retry_after),
        ))),
        Err(source) => Err(Error::Decode {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
            source,
        }),
    }
}

fn decode<T: DeserializeOwned>(answer: Answer) -> Result<T> {
    serde_json::from_slice(&answer.body).map_err(|source| Error::Decode {
        status: answer.status,
        body: String::from_utf8_lossy(&answer.body).into_owned(),
        source,
    })
}

/// `Retry-After` in seconds (the only form the server sends).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

/// One path segment, percent-encoded so an id cannot change the path.
pub(crate) fn segment(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}
