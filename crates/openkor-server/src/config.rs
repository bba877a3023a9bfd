//! Typed configuration. Every setting has a default, an environment variable and a flag (see
//! the table in README.md); secrets are redacted from `Debug`.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the server listens unless told otherwise.
pub const LISTEN_DEFAULT: &str = "127.0.0.1:8080";
/// The embedded database used unless told otherwise.
pub const DATABASE_URL_DEFAULT: &str = "sqlite://openkor.db";
/// Connections in the PostgreSQL pool, or read connections for SQLite.
pub const DATABASE_POOL_SIZE_DEFAULT: u32 = 10;
/// How long a request waits for a pooled connection, in milliseconds.
pub const DATABASE_ACQUIRE_TIMEOUT_MS_DEFAULT: u64 = 5_000;
/// How long SQLite waits on a lock before failing, in milliseconds.
pub const SQLITE_BUSY_TIMEOUT_MS_DEFAULT: u64 = 5_000;
/// How often a server polls for Service Accounts changed elsewhere, in milliseconds.
pub const AUTH_REFRESH_INTERVAL_MS_DEFAULT: u64 = 1_000;

/// How to reach the database.
#[derive(Clone)]
pub struct DatabaseConfig {
    /// `sqlite://…` or `postgres://…`; the scheme picks the backend.
    pub url: String,
    /// Pool size (PostgreSQL) or reader pool size (SQLite).
    pub pool_size: u32,
    /// Wait for a pooled connection, in milliseconds.
    pub acquire_timeout_ms: u64,
    /// SQLite lock wait, in milliseconds.
    pub busy_timeout_ms: u64,
    /// The data key file (see `data_keys`); without one, SQLite's is the file next to the
    /// database (made on the first start), and PostgreSQL refuses to start.
    pub data_key_file: Option<PathBuf>,
    /// The key file of the previous data key, while values are sealed again under a new one.
    pub previous_data_key_file: Option<PathBuf>,
}

impl DatabaseConfig {
    /// Defaults for `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            pool_size: DATABASE_POOL_SIZE_DEFAULT,
            acquire_timeout_ms: DATABASE_ACQUIRE_TIMEOUT_MS_DEFAULT,
            busy_timeout_ms: SQLITE_BUSY_TIMEOUT_MS_DEFAULT,
            data_key_file: None,
            previous_data_key_file: None,
        }
    }

    /// The same, with the data key read from `path`.
    pub fn with_data_key_file(self, path: impl Into<PathBuf>) -> Self {
        Self {
            data_key_file: Some(path.into()),
            ..self
        }
    }
}

impl fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &redact_url(&self.url))
            .field("pool_size", &self.pool_size)
            .field("acquire_timeout_ms", &self.acquire_timeout_ms)
            .field("busy_timeout_ms", &self.busy_timeout_ms)
            .field("data_key_file", &self.data_key_file)
            .field("previous_data_key_file", &self.previous_data_key_file)
            .finish()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// Everything `openkor serve` needs.
#[derive(Clone)]
pub struct ServeConfig {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Where `GET /metrics` is served instead of on `listen`, if anywhere.
    pub metrics_listen: Option<SocketAddr>,
    /// The database.
    pub database: DatabaseConfig,
    /// Request timeout, in milliseconds.
    pub request_timeout_ms: u64,
    /// Access-token lifetime, in seconds.
    pub token_lifetime_s: i64,
    /// Poll interval for Service Accounts changed by other processes, in milliseconds.
    pub auth_refresh_interval_ms: u64,
    /// Token-signing key; when absent, the key stored in the database is used (created once).
    pub token_signing_key: Option<[u8; 32]>,
    /// The sandbox rails' speed and whether the sandbox endpoints are served.
    pub rails: openkor_service::transactions::RailSettings,
    /// Whether this process runs background work: the rail engine (moves transactions through
    /// their statuses, completes prenotes), the idempotency-key purge and the refresh of the
    /// query planner's statistics.
    pub rail_engine: bool,
    /// How long idempotency keys are kept, in hours (24 at least).
    pub idempotency_key_retention_h: u32,
    /// The header-read (and idle) timeout and the cap on connections.
    pub connections: crate::listener::ConnectionLimits,
    /// How webhooks are delivered, and where receivers may be.
    pub webhooks: crate::webhooks::WebhookSettings,
}

impl ServeConfig {
    /// A process serving `database` on an ephemeral loopback port (`127.0.0.1:0`) with the
    /// defaults of `openkor serve`, the rail engine on. For embedding openkor in a test: set
    /// what differs with struct update syntax (`ServeConfig { rail_engine: false,
    /// ..ServeConfig::local(database) }`).
    pub fn local(database: DatabaseConfig) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            metrics_listen: None,
            database,
            request_timeout_ms: openkor_http::limits::REQUEST_TIMEOUT_MS_DEFAULT,
            token_lifetime_s: openkor_service::auth::TOKEN_LIFETIME_S_DEFAULT,
            auth_refresh_interval_ms: AUTH_REFRESH_INTERVAL_MS_DEFAULT,
            token_signing_key: None,
            rails: openkor_service::transactions::RailSettings::default(),
            rail_engine: true,
            idempotency_key_retention_h: crate::janitor::RETENTION_H_DEFAULT,
            connections: crate::listener::ConnectionLimits::default(),
            webhooks: crate::webhooks::WebhookSettings::default(),
        }
    }
}

impl fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServeConfig")
            .field("listen", &self.listen)
            .field("metrics_listen", &self.metrics_listen)
            .field("database", &self.database)
            .field("request_timeout_ms", &self.request_timeout_ms)
            .field("token_lifetime_s", &self.token_lifetime_s)
            .field("auth_refresh_interval_ms", &self.auth_refresh_interval_ms)
            .field("rails", &self.rails)
            .field("rail_engine", &self.rail_engine)
            .field(
                "idempotency_key_retention_h",
                &self.idempotency_key_retention_h,
            )
            .field("connections", &self.connections)
            .field("webhooks", &self.webhooks)
            .field(
                "token_signing_key",
                &self.token_signing_key.map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// Parses a 256-bit key written as 64 hex digits.
pub fn parse_signing_key(text: &str) -> Result<[u8; 32], String> {
    let text = text.trim();
    if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("the token signing key must be 64 hexadecimal digits (256 bits)".into());
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).map_err(|e| e.to_string())?;
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_from_database_urls() {
        assert_eq!(
            redact_url("postgres://app:hunter2@db:5432/openkor"),
            "postgres://app:***@db:5432/openkor"
        );
        assert_eq!(
            redact_url("postgres://app@db/openkor"),
            "postgres://app@db/openkor"
        );
        assert_eq!(redact_url("sqlite://openkor.db"), "sqlite://openkor.db");
    }

    #[test]
    fn signing_keys_are_64_hex_digits() {
        assert_eq!(parse_signing_key(&"ab".repeat(32)), Ok([0xab; 32]));
        assert!(parse_signing_key("abc").is_err());
        assert!(parse_signing_key(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn debug_output_never_shows_the_signing_key() {
        let config = ServeConfig {
            token_signing_key: Some([0xab; 32]),
            ..ServeConfig::local(DatabaseConfig::new("postgres://u:pw@h/db"))
        };
        let shown = format!("{config:?}");
        assert!(!shown.contains("abab"));
        assert!(!shown.contains("pw"));
        assert!(shown.contains("<redacted>"));
    }
}
