//! The command line: `serve`, `migrate`, `sandbox create`, `service-accounts create|list|disable`,
//! `config check` (the optional configuration file: [`crate::config_file`]).

use crate::config::{
    AUTH_REFRESH_INTERVAL_MS_DEFAULT, DATABASE_ACQUIRE_TIMEOUT_MS_DEFAULT,
    DATABASE_POOL_SIZE_DEFAULT, DATABASE_URL_DEFAULT, DatabaseConfig, LISTEN_DEFAULT,
    SQLITE_BUSY_TIMEOUT_MS_DEFAULT, ServeConfig, parse_signing_key,
};
use crate::listener::{ConnectionLimits, HEADER_READ_TIMEOUT_MS_DEFAULT, MAX_CONNECTIONS_DEFAULT};
use crate::webhooks::WebhookSettings;
use clap::{Args, Parser, Subcommand, ValueEnum};
use openkor_domain::ids::{BusinessAccountId, ServiceAccountId};
use openkor_domain::money::Currency;
use openkor_domain::role::Role;
use openkor_domain::transaction_limits::LimitType;
use openkor_http::limits::REQUEST_TIMEOUT_MS_DEFAULT;
use openkor_service::auth::TOKEN_LIFETIME_S_DEFAULT;
use std::net::SocketAddr;
use std::path::PathBuf;

/// openkor: a self-hostable banking-as-a-service core implementing the KOR platform API.
#[derive(Debug, Parser)]
#[command(name = "openkor", version, about)]
pub struct Cli {
    /// A TOML file of settings, keyed by the long flags without their dashes (`listen = …`,
    /// `database-url = …`); flags and environment variables win over it.
    #[arg(long, global = true, env = crate::config_file::CONFIG_VAR)]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP API (migrates the database first).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DatabaseArgs),
    /// Sandbox Business Accounts.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
    /// Service Accounts (API credentials) of a Business Account.
    #[command(subcommand, name = "service-accounts")]
    ServiceAccounts(ServiceAccountCommand),
    /// The ledger.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Business Account transaction limits (what a Business Account and its descendants may
    /// move per day, week and month).
    #[command(subcommand)]
    Limits(LimitsCommand),
    /// The data keys that seal personal data and server secrets at rest.
    #[command(subcommand, name = "data-keys")]
    DataKeys(DataKeysCommand),
    /// The configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// `openkor config …`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the settings `openkor serve` would run with (the same flags, environment and
    /// file), each with where it came from, as TOML; secrets redacted. Fails on a setting
    /// `serve` would refuse.
    Check(Box<ServeArgs>),
}

/// `openkor data-keys …`.
#[derive(Debug, Subcommand)]
pub enum DataKeysCommand {
    /// Make a key file holding a new random data key, readable by its owner only (an existing
    /// file is never replaced); prints its key id.
    Create {
        /// Where to write it.
        #[arg(long)]
        file: PathBuf,
    },
    /// Seal again under the data key (--data-key-file) everything sealed under the previous
    /// one (--previous-data-key-file), and anything still in plaintext; prints what it did.
    /// Every start does the same; this is for when the servers keep running.
    Rotate(DatabaseArgs),
}

/// `openkor limits …`.
#[derive(Debug, Subcommand)]
pub enum LimitsCommand {
    /// Set (create or change) a DAILY, WEEKLY or MONTHLY limit of a Business Account; prints
    /// the limit.
    Set {
        /// Which limit.
        #[command(flatten)]
        limit: LimitKey,
        /// The cap, a decimal string such as 10000.00.
        #[arg(long, value_parser = parse_amount_minor)]
        amount: i64,
        /// Database settings.
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Remove a limit of a Business Account, with the usage its windows counted.
    Remove {
        /// Which limit.
        #[command(flatten)]
        limit: LimitKey,
        /// Database settings.
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// A Business Account limit: whose, of which type, in which currency.
#[derive(Debug, Args)]
pub struct LimitKey {
    /// The Business Account.
    #[arg(long)]
    pub business_account_id: BusinessAccountId,
    /// DAILY, WEEKLY or MONTHLY.
    #[arg(long, value_parser = parse_limit_type)]
    pub limit_type: LimitType,
    /// USD or CAD.
    #[arg(long, value_parser = parse_currency)]
    pub currency: Currency,
}

fn parse_limit_type(text: &str) -> Result<LimitType, String> {
    LimitType::from_code(&text.to_ascii_uppercase())
        .ok_or_else(|| "must be DAILY, WEEKLY or MONTHLY".to_owned())
}

fn parse_currency(text: &str) -> Result<Currency, String> {
    text.to_ascii_uppercase()
        .parse()
        .map_err(|_| "must be USD or CAD".to_owned())
}

fn parse_amount_minor(text: &str) -> Result<i64, String> {
    openkor_domain::money::parse_non_negative_minor("amount", text).map_err(|e| e.message)
}

/// `openkor ledger …`.
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Recompute every running balance from its postings and check that every journal entry
    /// sums to zero and every hold is released exactly once; prints a report as one JSON object
    /// and exits non-zero when anything differs.
    Verify(DatabaseArgs),
}

/// Database settings shared by every subcommand.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Database URL: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    #[arg(long, env = "OPENKOR_DATABASE_URL", default_value = DATABASE_URL_DEFAULT)]
    pub database_url: String,
    /// Connections in the PostgreSQL pool (SQLite: read connections).
    #[arg(long, env = "OPENKOR_DATABASE_POOL_SIZE", default_value_t = DATABASE_POOL_SIZE_DEFAULT)]
    pub database_pool_size: u32,
    /// How long a request waits for a pooled connection, in milliseconds.
    #[arg(long, env = "OPENKOR_DATABASE_ACQUIRE_TIMEOUT_MS", default_value_t = DATABASE_ACQUIRE_TIMEOUT_MS_DEFAULT)]
    pub database_acquire_timeout_ms: u64,
    /// How long SQLite waits for a lock, in milliseconds.
    #[arg(long, env = "OPENKOR_SQLITE_BUSY_TIMEOUT_MS", default_value_t = SQLITE_BUSY_TIMEOUT_MS_DEFAULT)]
    pub sqlite_busy_timeout_ms: u64,
    /// File holding the data key (64 hex digits) that seals personal data and server secrets
    /// at rest. Default on SQLite: the database's path with the extension `.key`, made on the
    /// first start; PostgreSQL needs it (the same file for every process).
    #[arg(long, env = "OPENKOR_DATA_KEY_FILE")]
    pub data_key_file: Option<PathBuf>,
    /// File holding the previous data key while rotating: what it sealed is sealed again under
    /// the data key when the database is opened.
    #[arg(long, env = "OPENKOR_PREVIOUS_DATA_KEY_FILE")]
    pub previous_data_key_file: Option<PathBuf>,
}

impl DatabaseArgs {
    /// As configuration.
    pub fn config(&self) -> DatabaseConfig {
        DatabaseConfig {
            url: self.database_url.clone(),
            pool_size: self.database_pool_size,
            acquire_timeout_ms: self.database_acquire_timeout_ms,
            busy_timeout_ms: self.sqlite_busy_timeout_ms,
            data_key_file: self.data_key_file.clone(),
            previous_data_key_file: self.previous_data_key_file.clone(),
        }
    }
}

/// Log line format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// `openkor serve`. The token-signing key, a secret, is read only from the environment
/// ([`TOKEN_SIGNING_KEY_VAR`]) so that it never shows in a process list.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "OPENKOR_LISTEN", default_value = LISTEN_DEFAULT)]
    pub listen: SocketAddr,
    /// Address of a listener of its own for `GET /metrics` (then not served on `--listen`);
    /// without it, `/metrics` is served with the API.
    #[arg(long, env = "OPENKOR_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// Database settings.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Longest a request may take, in milliseconds.
    #[arg(long, env = "OPENKOR_REQUEST_TIMEOUT_MS", default_value_t = REQUEST_TIMEOUT_MS_DEFAULT)]
    pub request_timeout_ms: u64,
    /// Access-token lifetime, in seconds.
    #[arg(long, env = "OPENKOR_TOKEN_LIFETIME_S", default_value_t = TOKEN_LIFETIME_S_DEFAULT,
        value_parser = clap::value_parser!(i64).range(60..=86_400))]
    pub token_lifetime_s: i64,
    /// How often to pick up Service Accounts disabled by another process, in milliseconds.
    #[arg(long, env = "OPENKOR_AUTH_REFRESH_INTERVAL_MS", default_value_t = AUTH_REFRESH_INTERVAL_MS_DEFAULT)]
    pub auth_refresh_interval_ms: u64,
    /// Log format.
    #[arg(long, env = "OPENKOR_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// How many times faster than real time the sandbox rails move transactions (1 = real
    /// time: push-to-card settles in under a second, a next-day ACH in a day).
    #[arg(long, env = "OPENKOR_RAIL_SPEEDUP", default_value_t = 1,
        value_parser = clap::value_parser!(i64).range(1..=1_000_000_000))]
    pub rail_speedup: i64,
    /// Whether this process runs background work (the rail engine, the idempotency-key purge,
    /// the planner's statistics); several processes on one PostgreSQL may all run it (each step
    /// is claimed by exactly one).
    #[arg(long, env = "OPENKOR_RAIL_ENGINE", default_value_t = true, action = clap::ArgAction::Set)]
    pub rail_engine: bool,
    /// How long idempotency keys are kept, in hours; a retry after that is a new request.
    #[arg(long, env = "OPENKOR_IDEMPOTENCY_KEY_RETENTION_H", default_value_t = crate::janitor::RETENTION_H_DEFAULT,
        value_parser = clap::value_parser!(u32).range(24..=8_760))]
    pub idempotency_key_retention_h: u32,
    /// Whether `/v1/sandbox/*` (deposits from nowhere, simulated outcomes) is served.
    #[arg(long, env = "OPENKOR_SANDBOX_ENDPOINTS", default_value_t = true, action = clap::ArgAction::Set)]
    pub sandbox_endpoints: bool,
    /// How long a client may take to send a request's headers, from the connection opening or
    /// the previous response, in milliseconds; a connection idle longer is closed.
    #[arg(long, env = "OPENKOR_HEADER_READ_TIMEOUT_MS", default_value_t = HEADER_READ_TIMEOUT_MS_DEFAULT,
        value_parser = clap::value_parser!(u64).range(100..=600_000))]
    pub header_read_timeout_ms: u64,
    /// Connections served at once; more wait in the operating system's listen backlog.
    #[arg(long, env = "OPENKOR_MAX_CONNECTIONS", default_value_t = MAX_CONNECTIONS_DEFAULT,
        value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
    /// Accept webhook receivers on plain http and on loopback, private and link-local
    /// addresses (local development and tests only: in production a subscription could then
    /// reach the server's own network).
    #[arg(long, env = "OPENKOR_WEBHOOK_ALLOW_PRIVATE_TARGETS", default_value_t = false, action = clap::ArgAction::Set,
        num_args = 0..=1, default_missing_value = "true")]
    pub webhook_allow_private_targets: bool,
    /// Deadline of one webhook delivery request, in milliseconds.
    #[arg(long, env = "OPENKOR_WEBHOOK_TIMEOUT_MS", default_value_t = crate::webhooks::worker::TIMEOUT_MS_DEFAULT,
        value_parser = clap::value_parser!(u64).range(100..=60_000))]
    pub webhook_timeout_ms: u64,
    /// Webhook deliveries this process sends at once.
    #[arg(long, env = "OPENKOR_WEBHOOK_CONCURRENCY", default_value_t = crate::webhooks::worker::CONCURRENCY_DEFAULT,
        value_parser = clap::value_parser!(u32).range(1..=1_024))]
    pub webhook_concurrency: u32,
}

/// Environment variable holding the token-signing key.
pub const TOKEN_SIGNING_KEY_VAR: &str = "OPENKOR_TOKEN_SIGNING_KEY";

impl ServeArgs {
    /// As configuration; the signing key comes from the environment.
    pub fn config(&self) -> Result<ServeConfig, String> {
        let token_signing_key = match std::env::var(TOKEN_SIGNING_KEY_VAR) {
            Ok(text) if !text.is_empty() => Some(parse_signing_key(&text)?),
            _ => None,
        };
        Ok(ServeConfig {
            listen: self.listen,
            metrics_listen: self.metrics_listen,
            database: self.database.config(),
            request_timeout_ms: self.request_timeout_ms,
            token_lifetime_s: self.token_lifetime_s,
            auth_refresh_interval_ms: self.auth_refresh_interval_ms,
            token_signing_key,
            rails: openkor_service::transactions::RailSettings {
                speedup: self.rail_speedup,
                sandbox_endpoints: self.sandbox_endpoints,
            },
            rail_engine: self.rail_engine,
            idempotency_key_retention_h: self.idempotency_key_retention_h,
            connections: ConnectionLimits {
                header_read_timeout_ms: self.header_read_timeout_ms,
                max_connections: self.max_connections,
            },
            webhooks: WebhookSettings {
                timeout_ms: self.webhook_timeout_ms,
                allow_private_targets: self.webhook_allow_private_targets,
                concurrency: self.webhook_concurrency,
                ..WebhookSettings::default()
            },
        })
    }
}

/// `openkor sandbox …`.
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Create a sandbox Business Account with USD and CAD business accounts and an Owner
    /// Service Account; prints its credentials as one JSON object.
    Create {
        /// Name of the Business Account.
        #[arg(long)]
        name: Option<String>,
        /// Create it as a child of this Business Account.
        #[arg(long)]
        parent_id: Option<BusinessAccountId>,
        /// Database settings.
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// `openkor service-accounts …`.
#[derive(Debug, Subcommand)]
pub enum ServiceAccountCommand {
    /// Create a Service Account; prints it with its API key and secret (shown only once).
    Create {
        /// The Business Account it acts for.
        #[arg(long)]
        business_account_id: BusinessAccountId,
        /// Its role: Owner, Admin, Manager, Clerk, Finance or View Only.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A label.
        #[arg(long, default_value = "API client")]
        name: String,
        /// Database settings.
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List the Service Accounts of a Business Account as a JSON array.
    List {
        /// The Business Account.
        #[arg(long)]
        business_account_id: BusinessAccountId,
        /// Database settings.
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Disable a Service Account: it can no longer exchange keys, and its tokens stop working.
    Disable {
        /// The Business Account it belongs to.
        #[arg(long)]
        business_account_id: BusinessAccountId,
        /// The Service Account.
        #[arg(long)]
        service_account_id: ServiceAccountId,
        /// Database settings.
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse()
        .map_err(|e: openkor_domain::role::UnknownRole| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn roles_are_accepted_in_any_spelling() {
        let cli = Cli::try_parse_from([
            "openkor",
            "service-accounts",
            "create",
            "--business-account-id",
            "0192f7a4-6d1e-7c3b-9f7e-3a2b1c0d4e5f",
            "--role",
            "view-only",
        ])
        .expect("parses");
        assert!(matches!(
            cli.command,
            Command::ServiceAccounts(ServiceAccountCommand::Create {
                role: Role::ViewOnly,
                ..
            })
        ));
    }
}
