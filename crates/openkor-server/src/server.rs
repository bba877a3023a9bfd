//! The server's life: open the database, build the use cases, bootstrap an empty database, serve
//! until told to stop, then finish in-flight requests and close the pools.

use crate::config::ServeConfig;
use crate::database::{Database, DatabaseError};
use openkor_domain::clock::Clock;
use openkor_http::{AppState, HttpConfig};
use openkor_service::auth::AuthService;
use openkor_service::provisioning::SandboxCredentials;
use openkor_service::{ServiceError, Services};
use openkor_store::Store;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Why the server could not start or stopped abnormally.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(#[from] DatabaseError),
    /// A use case failed during start-up.
    #[error("start-up: {0}")]
    Service(#[from] ServiceError),
    /// Listening or serving failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

/// Builds every use case over `store`.
pub async fn build_services(
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    token_lifetime_s: i64,
    token_signing_key: Option<[u8; 32]>,
    rails: openkor_service::transactions::RailSettings,
) -> Result<Services, ServiceError> {
    let auth = AuthService::start(
        store.clone(),
        clock.clone(),
        token_lifetime_s,
        token_signing_key,
    )
    .await?;
    Services::start(store, clock, Arc::new(auth), rails).await
}

/// A server that is ready to accept connections.
pub struct Prepared {
    database: Database,
    services: Services,
    http: HttpConfig,
    auth_refresh_interval_ms: u64,
    bootstrap: Option<SandboxCredentials>,
    clock: Arc<dyn Clock>,
    rail_engine: bool,
    idempotency_key_retention_h: u32,
    connections: crate::listener::ConnectionLimits,
    webhooks: crate::webhooks::WebhookWorker,
    metrics: Arc<openkor_http::metrics::Metrics>,
    rail_counters: Arc<crate::rail_engine::RailCounters>,
    metrics_listener: Option<TcpListener>,
}

/// Opens the database, migrates it, builds the use cases, and creates the first sandbox if the
/// database is empty.
pub async fn prepare(config: &ServeConfig, clock: Arc<dyn Clock>) -> Result<Prepared, ServerError> {
    let database = Database::open(&config.database).await?;
    let services = build_services(
        database.store.clone(),
        clock.clone(),
        config.token_lifetime_s,
        config.token_signing_key,
        config.rails,
    )
    .await?;
    let mut services = services;
    services.webhooks =
        services
            .webhooks
            .with_policy(openkor_service::webhooks::target::TargetPolicy {
                allow_private_targets: config.webhooks.allow_private_targets,
            });
    let webhooks =
        crate::webhooks::WebhookWorker::new(database.store.clone(), clock.clone(), config.webhooks)
            .map_err(|error| ServiceError::Internal(error.to_string()))?;
    let bootstrap = services.provisioning.bootstrap_sandbox().await?;
    let rail_counters = Arc::new(crate::rail_engine::RailCounters::default());
    let metrics = crate::metrics::server_metrics(
        database.storage_collector(),
        crate::metrics::BackgroundCollector {
            rail: rail_counters.clone(),
            deliveries: webhooks.counters().clone(),
        },
    );
    let metrics_listener = match config.metrics_listen {
        Some(address) => Some(TcpListener::bind(address).await?),
        None => None,
    };
    Ok(Prepared {
        database,
        services,
        http: HttpConfig {
            request_timeout_ms: config.request_timeout_ms,
        },
        auth_refresh_interval_ms: config.auth_refresh_interval_ms,
        bootstrap,
        clock,
        rail_engine: config.rail_engine,
        idempotency_key_retention_h: config.idempotency_key_retention_h,
        connections: config.connections,
        webhooks,
        metrics: Arc::new(metrics),
        rail_counters,
        metrics_listener,
    })
}

impl Prepared {
    /// The use cases (tests reach past the API with them).
    pub fn services(&self) -> &Services {
        &self.services
    }

    /// The webhook worker (tests drive it with `pass`).
    pub fn webhook_worker(&self) -> &crate::webhooks::WebhookWorker {
        &self.webhooks
    }

    /// Where `GET /metrics` is served when it has a listener of its own.
    pub fn metrics_address(&self) -> Option<std::net::SocketAddr> {
        self.metrics_listener
            .as_ref()
            .and_then(|listener| listener.local_addr().ok())
    }

    /// The sandbox created because the database was empty, once.
    pub fn take_bootstrap(&mut self) -> Option<SandboxCredentials> {
        self.bootstrap.take()
    }

    /// Serves on `listener` until `shutdown` completes; in-flight requests then finish.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let router = openkor_http::router(
            AppState {
                services: Arc::new(self.services.clone()),
                metrics: self.metrics.clone(),
                serves_metrics: self.metrics_listener.is_none(),
            },
            self.http,
        );
        let metrics_server = self.metrics_listener.map(|listener| {
            let router = openkor_http::metrics_router(self.metrics.clone(), self.http);
            tokio::spawn(async move { axum::serve(listener, router).await })
        });
        let refresher = tokio::spawn(refresh_principals(
            self.services.clone(),
            self.auth_refresh_interval_ms,
        ));
        let store = self.services.store();
        let background = self.rail_engine.then(|| {
            [
                tokio::spawn(crate::rail_engine::run(
                    store.clone(),
                    self.clock.clone(),
                    self.services.transactions.settings().speedup,
                    self.rail_counters.clone(),
                )),
                tokio::spawn(crate::janitor::run(
                    store.clone(),
                    self.clock.clone(),
                    self.idempotency_key_retention_h,
                )),
                tokio::spawn(crate::statistics::run(store.clone())),
                tokio::spawn(self.webhooks.clone().run()),
            ]
        });
        let served = crate::listener::serve(listener, router, self.connections, shutdown).await;
        refresher.abort();
        if let Some(task) = metrics_server {
            task.abort();
        }
        for task in background.into_iter().flatten() {
            task.abort();
        }
        self.database.close().await;
        served.map_err(ServerError::from)
    }
}

/// Polls for Service Accounts created or disabled by another process.
async fn refresh_principals(services: Services, interval_ms: u64) {
    let mut ticker = tokio::time::interval(Duration::from_millis(interval_ms.max(1)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        if let Err(error) = services.auth.directory().refresh().await {
            tracing::warn!(%error, "could not refresh service accounts; keeping the last copy");
        }
    }
}

/// Installs the SIGINT and SIGTERM handlers now, and returns a future that completes when either
/// arrives. Installing them before the server reports it is listening closes the window in which a
/// signal would kill the process instead of stopping it gracefully.
#[cfg(unix)]
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        tracing::info!("shutting down: finishing in-flight requests");
    })
}

/// Installs the Ctrl-C handler and returns a future that completes when it fires.
#[cfg(not(unix))]
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down: finishing in-flight requests");
    })
}
