//! Probes, metrics, the OpenAPI document and the token exchange.

use crate::client::{Call, Client};
use crate::error::Result;
use crate::models::Health;
use reqwest::Method;

impl Client {
    /// `GET /healthz` (`healthz`): the process is up.
    pub async fn healthz(&self) -> Result<Health> {
        self.call(Call::new(Method::GET, "/healthz".into()).public())
            .await
    }

    /// `GET /readyz` (`readyz`): the database answers.
    pub async fn readyz(&self) -> Result<Health> {
        self.call(Call::new(Method::GET, "/readyz".into()).public())
            .await
    }

    /// `GET /metrics` (`metrics`): the Prometheus text exposition.
    pub async fn metrics(&self) -> Result<String> {
        self.call_text(Call::new(Method::GET, "/metrics".into()).public())
            .await
    }

    /// `GET /openapi.json` (`openapi_json`): the server's OpenAPI document.
    pub async fn openapi_json(&self) -> Result<serde_json::Value> {
        self.call(Call::new(Method::GET, "/openapi.json".into()).public())
            .await
    }

    /// `POST /v1/api-keys/exchange` (`exchange`): see [`Client::exchange_token`], which this
    /// is; the client calls it by itself when it needs a token.
    pub async fn exchange(&self) -> Result<crate::models::Token> {
        self.exchange_token().await
    }
}
