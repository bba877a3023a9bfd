//! A client of one openkor server: requests with a bearer token, JSON bodies, token exchange.
//! The in-process harness and the servers run as separate processes both speak through it.

use reqwest::{Response, StatusCode};
use serde_json::Value;

/// An HTTP client bound to one server's base URL.
#[derive(Clone, Debug)]
pub struct Http {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The HTTP client.
    pub client: reqwest::Client,
}

impl Http {
    /// A client of `base_url`.
    pub fn new(client: reqwest::Client, base_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            client,
        }
    }

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// `POST /v1/api-keys/exchange` with Basic credentials.
    pub async fn exchange(&self, api_key: &str, api_secret: &str) -> Response {
        self.client
            .post(self.url("/v1/api-keys/exchange"))
            .basic_auth(api_key, Some(api_secret))
            .send()
            .await
            .expect("request")
    }

    /// A token for the credentials (the exchange must succeed).
    pub async fn token(&self, api_key: &str, api_secret: &str) -> String {
        let response = self.exchange(api_key, api_secret).await;
        assert_eq!(response.status(), StatusCode::OK, "token exchange");
        let body: Value = response.json().await.expect("token body");
        body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }

    /// `GET path` with a bearer token.
    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// `GET path` with a bearer token, expecting 200 and JSON.
    pub async fn get_json(&self, path: &str, token: &str) -> Value {
        let response = self.get(path, token).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.expect("JSON body")
    }

    /// `method path` with a bearer token and, if given, a JSON body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("request")
    }

    /// `POST path` with a JSON body.
    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Response {
        self.send(reqwest::Method::POST, path, token, Some(body))
            .await
    }

    /// `PUT path` with a JSON body.
    pub async fn put(&self, path: &str, token: &str, body: &Value) -> Response {
        self.send(reqwest::Method::PUT, path, token, Some(body))
            .await
    }

    /// Expects `status` and returns the JSON body.
    pub async fn expect_json(response: Response, status: u16) -> Value {
        let actual = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert_eq!(actual, status, "{body}");
        body
    }

    /// Creates a customer and returns it (the create must succeed).
    pub async fn create_customer(&self, token: &str, body: &Value) -> Value {
        Self::expect_json(self.post("/v1/customers", token, body).await, 201).await
    }
}
