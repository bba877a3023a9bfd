//! The server under fuzzing: openkor in process on a fresh database, the sandbox it creates
//! on an empty database, and a bearer token of its owner.

use openkor_domain::clock::SystemClock;
use openkor_server::config::{DatabaseConfig, ServeConfig};
use openkor_testkit::TestDatabase;
use std::sync::Arc;
use tokio::sync::oneshot;

/// Which storage backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database on `OPENKOR_TEST_POSTGRES_URL`.
    Postgres,
}

impl Backend {
    /// `sqlite`, `postgres` or `both`.
    pub fn parse_list(text: &str) -> Result<Vec<Self>, String> {
        match text {
            "sqlite" => Ok(vec![Self::Sqlite]),
            "postgres" => Ok(vec![Self::Postgres]),
            "both" => Ok(vec![Self::Sqlite, Self::Postgres]),
            other => Err(format!("--backend: sqlite, postgres or both, not {other}")),
        }
    }
}

/// A running server and the sandbox owner's credentials.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The sandbox owner's API key and secret.
    pub api_key: String,
    /// The secret of `api_key`.
    pub api_secret: String,
    /// The HTTP client.
    pub client: reqwest::Client,
    shutdown: oneshot::Sender<()>,
    served: tokio::task::JoinHandle<()>,
    _database: TestDatabase,
}

impl Server {
    /// Starts a server on a fresh database; `None` when PostgreSQL is not reachable.
    pub async fn start(backend: Backend) -> Option<Self> {
        let database = match backend {
            Backend::Sqlite => TestDatabase::sqlite(),
            Backend::Postgres => TestDatabase::postgres().await?,
        };
        let config = serve_config(database.url());
        let mut prepared = openkor_server::prepare(&config, Arc::new(SystemClock))
            .await
            .ok()?;
        let credentials = prepared.take_bootstrap()?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.ok()?;
        let base_url = format!("http://{}", listener.local_addr().ok()?);
        let (shutdown, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(async move {
            let _ = prepared
                .serve(listener, async {
                    let _ = stopped.await;
                })
                .await;
        });
        Some(Self {
            base_url,
            api_key: credentials.api_key.as_str().to_owned(),
            api_secret: credentials.api_secret.expose().to_owned(),
            client: openkor_testkit::http_client(),
            shutdown,
            served,
            _database: database,
        })
    }

    /// A bearer token of the sandbox owner.
    pub async fn token(&self) -> Option<String> {
        let response = self
            .client
            .post(format!("{}/v1/api-keys/exchange", self.base_url))
            .basic_auth(&self.api_key, Some(&self.api_secret))
            .send()
            .await
            .ok()?;
        let body: serde_json::Value = response.json().await.ok()?;
        body["access_token"].as_str().map(str::to_owned)
    }

    /// Stops the server and waits for it.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.served.await;
    }
}

fn serve_config(database_url: &str) -> ServeConfig {
    let database = DatabaseConfig::new(database_url)
        .with_data_key_file(openkor_testkit::data_key_file(database_url));
    ServeConfig {
        auth_refresh_interval_ms: 3_600_000,
        ..ServeConfig::local(database)
    }
}
