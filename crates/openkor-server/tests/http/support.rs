//! The test harness: the real server, in process, on a loopback port, over a fresh database.

pub use crate::client::Http;
use openkor_domain::clock::{Clock, ManualClock, SystemClock};
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::role::Role;
use openkor_server::config::{DatabaseConfig, ServeConfig};
use openkor_server::webhooks::{WebhookSettings, WebhookWorker};
use openkor_server::{ServerError, prepare};
use openkor_service::Services;
use openkor_service::provisioning::SandboxCredentials;
use openkor_testkit::TestDatabase;
use openkor_testkit::contract::Contract;
use openkor_testkit::contract::proxy::Proxy;
use reqwest::Response;
use serde_json::Value;
use std::sync::Arc;
use tokio::sync::OnceCell;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Token lifetime used by the harness, in seconds.
pub const TOKEN_LIFETIME_S: i64 = 3_600;

/// Which storage backend a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

/// Runs each `async fn name(app: TestApp) { … }` once on SQLite and once on PostgreSQL, as
/// `name::sqlite` and `name::postgres`. The PostgreSQL run is skipped (loudly, by the harness)
/// when no server is reachable outside CI.
#[macro_export]
macro_rules! on_both_backends {
    ($( $(#[$doc:meta])* async fn $name:ident($app:ident: TestApp) $body:block )+) => {
        $(
            $(#[$doc])*
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($app: $crate::support::TestApp) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let app = $crate::support::TestApp::start($crate::support::Backend::Sqlite)
                        .await
                        .expect("SQLite is always available");
                    run(app).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let Some(app) =
                        $crate::support::TestApp::start($crate::support::Backend::Postgres).await
                    else {
                        return;
                    };
                    run(app).await;
                }
            }
        )+
    };
}

/// A Business Account with an Owner Service Account and a token for it.
#[derive(Clone, Debug)]
pub struct Tenant {
    /// The Business Account id.
    pub id: String,
    /// The Owner's API key.
    pub api_key: String,
    /// The Owner's API secret.
    pub api_secret: String,
    /// A bearer token of the Owner.
    pub token: String,
}

/// The running server and handles to reach past its API.
pub struct TestApp {
    /// A client of the server, through a proxy that checks every response against the
    /// server's OpenAPI document (a response the document does not describe fails the test).
    pub http: Http,
    /// The server's own address, for what a proxy would change: raw sockets, HTTP/2,
    /// connection limits.
    pub server_url: String,
    /// The server's use cases.
    pub services: Services,
    /// The server's clock; advance it to expire tokens.
    pub clock: Arc<ManualClock>,
    /// The server's webhook worker (not running: tests drive it with `pass`).
    pub webhooks: WebhookWorker,
    /// The sandbox the server created on its empty database.
    pub bootstrap: Tenant,
    /// The database URL (to open a second connection, as another process would).
    pub database_url: String,
    /// Which backend.
    pub backend: Backend,
    /// `GET /metrics` on its own listener, when the configuration gives it one.
    pub metrics_url: Option<String>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<Result<(), ServerError>>>,
    contract_check: Proxy,
    _database: TestDatabase,
}

/// How the server, and any other process, opens the test database at `database_url`: with
/// the data key file they share.
pub fn database_config(database_url: &str) -> DatabaseConfig {
    DatabaseConfig::new(database_url)
        .with_data_key_file(openkor_testkit::data_key_file(database_url))
}

/// The configuration the harness serves with.
pub fn serve_config(database_url: &str) -> ServeConfig {
    ServeConfig {
        token_lifetime_s: TOKEN_LIFETIME_S,
        auth_refresh_interval_ms: 3_600_000,
        rail_engine: false,
        webhooks: WebhookSettings {
            timeout_ms: 2_000,
            allow_private_targets: true,
            ..WebhookSettings::default()
        },
        ..ServeConfig::local(database_config(database_url))
    }
}

impl TestApp {
    /// Starts a server on a fresh database; `None` when the backend is skipped.
    pub async fn start(backend: Backend) -> Option<Self> {
        Self::start_with(backend, |_| {}).await
    }

    /// Starts a server on a fresh database with the harness's configuration changed by
    /// `configure`; `None` when the backend is skipped.
    pub async fn start_with(
        backend: Backend,
        configure: impl FnOnce(&mut ServeConfig),
    ) -> Option<Self> {
        let database = match backend {
            Backend::Sqlite => TestDatabase::sqlite(),
            Backend::Postgres => TestDatabase::postgres().await?,
        };
        let database_url = database.url().to_owned();
        let clock = Arc::new(ManualClock::new(SystemClock.now()));
        let mut config = serve_config(&database_url);
        configure(&mut config);
        let mut prepared = prepare(&config, clock.clone())
            .await
            .expect("the server prepares");
        let webhooks = prepared.webhook_worker().clone();
        let credentials = prepared
            .take_bootstrap()
            .expect("an empty database is bootstrapped");
        let services = prepared.services().clone();
        let metrics_url = prepared
            .metrics_address()
            .map(|address| format!("http://{address}/metrics"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let (shutdown, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(prepared.serve(listener, async {
            let _ = stopped.await;
        }));
        let client = openkor_testkit::http_client();
        let contract_check = Proxy::start(&base_url, contract(&client, &base_url).await)
            .await
            .expect("the contract-checking proxy starts");
        let proxied_url = contract_check.base_url();
        let bootstrap = tenant_from(&client, &proxied_url, &credentials).await;
        Some(Self {
            http: Http::new(client, &proxied_url),
            server_url: base_url,
            services,
            clock,
            webhooks,
            bootstrap,
            database_url,
            backend,
            metrics_url,
            shutdown: Some(shutdown),
            server: Some(server),
            contract_check,
            _database: database,
        })
    }

    /// A new sandbox Business Account (a child of `parent`, if given) with a token.
    pub async fn tenant(&self, name: &str, parent: Option<&Tenant>) -> Tenant {
        let parent = parent.map(|p| p.id.parse::<BusinessAccountId>().expect("uuid"));
        let credentials = self
            .services
            .provisioning
            .create_sandbox(Some(name), parent)
            .await
            .expect("sandbox");
        tenant_from(&self.client, &self.base_url, &credentials).await
    }

    /// A token of a new Service Account of `tenant` with `role`.
    pub async fn token_with_role(&self, tenant: &Tenant, role: Role) -> String {
        let (key, secret) = self.service_account(tenant, role).await;
        self.token(&key, &secret).await
    }

    /// A new Service Account of `tenant`: (API key, secret).
    pub async fn service_account(&self, tenant: &Tenant, role: Role) -> (String, String) {
        let created = self
            .services
            .provisioning
            .create_service_account(tenant.id.parse().expect("uuid"), "test client", role)
            .await
            .expect("service account");
        (
            created.account.api_key.as_str().to_owned(),
            created.api_secret.expose().to_owned(),
        )
    }

    /// Expects `status` and returns the JSON body.
    pub async fn expect_json(response: Response, status: u16) -> Value {
        Http::expect_json(response, status).await
    }

    /// Drops the test database out from under the running server (PostgreSQL only).
    pub async fn drop_database(&self) {
        self._database.destroy().await;
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) -> Result<(), ServerError> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        match self.server.take() {
            Some(server) => server.await.expect("the server task joins"),
            None => Ok(()),
        }
    }
}

impl std::ops::Deref for TestApp {
    type Target = Http;

    fn deref(&self) -> &Http {
        &self.http
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let violations = self.contract_check.violations();
        if !violations.is_empty() && !std::thread::panicking() {
            let listed: Vec<String> = violations.iter().map(ToString::to_string).collect();
            panic!(
                "responses the OpenAPI document does not describe:\n{}",
                listed.join("\n")
            );
        }
    }
}

/// The server's OpenAPI document as a contract; read once per test binary (every server of
/// one build serves the same document).
async fn contract(client: &reqwest::Client, base_url: &str) -> Arc<Contract> {
    static CONTRACT: OnceCell<Arc<Contract>> = OnceCell::const_new();
    CONTRACT
        .get_or_init(|| async {
            let document: Value = client
                .get(format!("{base_url}/openapi.json"))
                .send()
                .await
                .expect("GET /openapi.json")
                .json()
                .await
                .expect("the OpenAPI document is JSON");
            Arc::new(Contract::new(document))
        })
        .await
        .clone()
}

async fn tenant_from(
    client: &reqwest::Client,
    base_url: &str,
    credentials: &SandboxCredentials,
) -> Tenant {
    let api_key = credentials.api_key.as_str().to_owned();
    let api_secret = credentials.api_secret.expose().to_owned();
    let token = Http::new(client.clone(), base_url)
        .token(&api_key, &api_secret)
        .await;
    Tenant {
        id: credentials.business_account_id.to_string(),
        api_key,
        api_secret,
        token,
    }
}

/// Asserts the error envelope (status, code, trace id in header and body, every field) and
/// returns the body.
pub async fn assert_error(response: Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let trace_id = response
        .headers()
        .get("x-trace-id")
        .and_then(|v| v.to_str().ok())
        .expect("X-Trace-Id header")
        .to_owned();
    let body: Value = response.json().await.expect("JSON error body");
    assert_eq!(body["errorCode"], code, "{body}");
    assert_eq!(body["traceId"], trace_id.as_str());
    assert!(
        body["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')),
        "{body}"
    );
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(body["errors"].is_array(), "{body}");
    body
}

/// The `(path, errorCode)` pairs of an error body.
pub fn field_errors(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["path"].as_str().expect("path").to_owned(),
                e["errorCode"].as_str().expect("errorCode").to_owned(),
            )
        })
        .collect()
}

/// The ids of the items in a page body's `content`.
pub fn content_ids(page: &Value) -> Vec<String> {
    page["content"]
        .as_array()
        .expect("content")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}
