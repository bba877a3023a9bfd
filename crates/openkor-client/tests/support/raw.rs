//! Raw requests whose answers are checked to round-trip through the typed response structs:
//! deserialised, serialised back, and equal as JSON to what the server sent, with nothing left
//! in any `extra` map (every member modelled, under its right name).

use super::Server;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Raw calls with one bearer token.
pub struct Raw<'a> {
    server: &'a Server,
    token: String,
}

impl<'a> Raw<'a> {
    /// Raw calls as the bootstrap sandbox.
    pub async fn new(server: &'a Server) -> Self {
        let token = server.client().access_token().await.expect("a token");
        Self { server, token }
    }

    /// `method path` with `body`; the 2xx answer read as `T`, which must round-trip it.
    pub async fn call<T>(&self, method: Method, path: &str, body: Option<&impl Serialize>) -> T
    where
        T: DeserializeOwned + Serialize,
    {
        let url = format!("{}{path}", self.server.base_url);
        let mut request = self
            .server
            .http
            .request(method.clone(), url)
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("a response");
        let status = response.status();
        let text = response.text().await.expect("a body");
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        round_trip(&format!("{method} {path}"), &text)
    }

    /// `POST /v1/api-keys/exchange` with the Basic credentials, read as `T`.
    pub async fn exchange<T: DeserializeOwned + Serialize>(&self) -> T {
        let url = format!("{}/v1/api-keys/exchange", self.server.base_url);
        let request = self.server.http.post(url);
        let request = request.basic_auth(&self.server.api_key, Some(&self.server.api_secret));
        let text = request
            .send()
            .await
            .expect("a response")
            .text()
            .await
            .expect("a body");
        round_trip("POST /v1/api-keys/exchange", &text)
    }

    /// `GET path` read as `T`.
    pub async fn get<T: DeserializeOwned + Serialize>(&self, path: &str) -> T {
        self.call(Method::GET, path, None::<&()>).await
    }

    /// `POST path` with `body` read as `T`.
    pub async fn post<T: DeserializeOwned + Serialize>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> T {
        self.call(Method::POST, path, Some(body)).await
    }
}

/// `text` read as `T` and written back: equal, as JSON, to `text`.
pub fn round_trip<T: DeserializeOwned + Serialize>(what: &str, text: &str) -> T {
    let original: Value = serde_json::from_str(text).expect("a JSON body");
    let typed: T = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{what}: {} refuses {text}: {e}", std::any::type_name::<T>()));
    let written = serde_json::to_value(&typed).expect("serialises");
    assert_eq!(
        written,
        original,
        "{what}: {} does not round-trip",
        std::any::type_name::<T>()
    );
    let unmodelled = openkor_client::models::unmodelled_members(&typed);
    assert!(
        unmodelled.is_empty(),
        "{what}: {} does not model {unmodelled:?} of {text}",
        std::any::type_name::<T>()
    );
    typed
}
