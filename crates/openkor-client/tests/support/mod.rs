//! Test support: a real openkor server in process on a loopback port over a fresh database,
//! a typed client of it, and typed request bodies.

#![allow(dead_code, reason = "each test binary uses part of the support")]

pub mod fixtures;
pub mod raw;

use openkor_client::Client;
use openkor_domain::clock::{Clock, ManualClock, SystemClock};
use openkor_server::config::{DatabaseConfig, ServeConfig};
use openkor_server::prepare;
use openkor_server::webhooks::WebhookSettings;
use openkor_testkit::TestDatabase;
use std::sync::Arc;
use tokio::sync::oneshot;

/// Which storage backend a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database (`OPENKOR_TEST_POSTGRES_URL`).
    Postgres,
}

/// Runs each `async fn name(server: Server) { … }` on SQLite and on PostgreSQL, as
/// `name::sqlite` and `name::postgres`; the PostgreSQL run is skipped (by the testkit) when no
/// server is configured.
#[macro_export]
macro_rules! on_both_backends {
    ($( $(#[$doc:meta])* async fn $name:ident($server:ident: Server) $body:block )+) => {
        $(
            $(#[$doc])*
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($server: $crate::support::Server) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let server = $crate::support::Server::start($crate::support::Backend::Sqlite)
                        .await
                        .expect("SQLite is always available");
                    run(server).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let Some(server) =
                        $crate::support::Server::start($crate::support::Backend::Postgres).await
                    else {
                        return;
                    };
                    run(server).await;
                }
            }
        )+
    };
}

/// A running server and the bootstrap sandbox's credentials.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The bootstrap sandbox's API key.
    pub api_key: String,
    /// The bootstrap sandbox's API secret.
    pub api_secret: String,
    /// The server's clock: advance it to expire tokens.
    pub clock: Arc<ManualClock>,
    /// A plain HTTP client, for raw requests.
    pub http: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    _database: TestDatabase,
}

impl Server {
    /// Starts a server on a fresh database; `None` when the backend is skipped.
    pub async fn start(backend: Backend) -> Option<Self> {
        let database = match backend {
            Backend::Sqlite => TestDatabase::sqlite(),
            Backend::Postgres => TestDatabase::postgres().await?,
        };
        let clock = Arc::new(ManualClock::new(SystemClock.now()));
        let config = serve_config(database.url());
        let mut prepared = prepare(&config, clock.clone()).await.expect("prepare");
        let credentials = prepared.take_bootstrap().expect("bootstrapped");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let (shutdown, stopped) = oneshot::channel::<()>();
        tokio::spawn(prepared.serve(listener, async {
            let _ = stopped.await;
        }));
        Some(Self {
            base_url,
            api_key: credentials.api_key.as_str().to_owned(),
            api_secret: credentials.api_secret.expose().to_owned(),
            clock,
            http: openkor_testkit::http_client(),
            shutdown: Some(shutdown),
            _database: database,
        })
    }

    /// A typed client of the bootstrap sandbox.
    pub fn client(&self) -> Client {
        Client::with_http_client(
            self.http.clone(),
            &self.base_url,
            &self.api_key,
            &self.api_secret,
        )
        .expect("a valid base URL")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

fn serve_config(database_url: &str) -> ServeConfig {
    let database = DatabaseConfig::new(database_url)
        .with_data_key_file(openkor_testkit::data_key_file(database_url));
    ServeConfig {
        auth_refresh_interval_ms: 3_600_000,
        rail_engine: false,
        webhooks: WebhookSettings {
            timeout_ms: 2_000,
            allow_private_targets: true,
            ..WebhookSettings::default()
        },
        ..ServeConfig::local(database)
    }
}
