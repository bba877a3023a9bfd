//! Test support: every test gets a database of its own.
//!
//! * [`TestDatabase::sqlite`] makes a fresh SQLite file in a temporary directory.
//! * [`TestDatabase::postgres`] creates a fresh PostgreSQL database on the server named by
//!   `OPENKOR_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable`) and
//!   drops it when the test ends. It yields `None` (the test skips) when that variable is `skip`
//!   or the server is unreachable; under `CI=true` an unreachable server fails the test instead,
//!   so CI never skips the PostgreSQL suite silently.
//! * [`data_key_file`] is the data key file every process on a test database shares.
//! * [`contract`] checks responses and request bodies against the OpenAPI document.

#![allow(
    clippy::print_stderr,
    reason = "test support reports skipped suites on stderr"
)]
#![allow(
    clippy::expect_used,
    reason = "test support: a failed setup step is a failed test"
)]

pub mod contract;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::OnceCell;

/// Environment variable naming the PostgreSQL server used by tests (a URL of any database on it).
pub const POSTGRES_URL_VAR: &str = "OPENKOR_TEST_POSTGRES_URL";
/// The server tried when the variable is unset.
pub const POSTGRES_URL_DEFAULT: &str =
    "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable";
const DATABASE_PREFIX: &str = "openkor_test_";
/// Test databases older than this are leftovers of killed runs and are dropped.
const STALE_DATABASE_AGE_S: u64 = 2 * 60 * 60;

/// A database that exists for the duration of one test.
pub struct TestDatabase {
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[expect(dead_code, reason = "held for its Drop")] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// A new, empty SQLite database file.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("openkor.db").display());
        Self {
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// A new, empty PostgreSQL database, or `None` when the PostgreSQL suite is skipped.
    pub async fn postgres() -> Option<Self> {
        let admin_url = admin_url()?;
        if !postgres_reachable(&admin_url).await {
            return None;
        }
        let name = format!(
            "{DATABASE_PREFIX}{}_{}",
            unix_s(),
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        let admin = connect_postgres(&admin_url)
            .await
            .expect("connect to the PostgreSQL test server");
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create the test database");
        let url = database_url(&admin_url, &name);
        Some(Self {
            url,
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }

    /// Drops a PostgreSQL database now, terminating its connections (to test outages);
    /// does nothing for SQLite.
    pub async fn destroy(&self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            drop_database(admin_url, name).await;
        }
    }

    /// The database URL (`sqlite://…` or `postgres://…`).
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let _ = std::fs::remove_file(data_key_path(&self.url));
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime; a separate thread with its own runtime can
            // block until the database is gone.
            let dropper = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime for cleanup");
                runtime.block_on(drop_database(&admin_url, &name));
            });
            let _ = dropper.join();
        }
    }
}

/// The data key file of the test database at `url`, made (with a random key, readable by its
/// owner only) on first use, for the server and every command on that database to share. A
/// SQLite database's is the file the server would make next to it; a PostgreSQL database's is
/// in the temporary directory and goes with the database.
pub fn data_key_file(url: &str) -> PathBuf {
    let path = data_key_path(url);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("the key file's directory");
    }
    // Written aside, then linked into place: a process reading it never sees half a key.
    let staging = path.with_extension(format!("{}.tmp", uuid::Uuid::new_v4().simple()));
    let key = format!(
        "{}{}\n",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    private_file(&staging)
        .and_then(|mut file| file.write_all(key.as_bytes()))
        .expect("write a key file");
    let linked = std::fs::hard_link(&staging, &path);
    let _ = std::fs::remove_file(&staging);
    match linked {
        Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => {
            panic!("cannot make {}: {error}", path.display())
        }
        _ => path,
    }
}

fn data_key_path(url: &str) -> PathBuf {
    match url.strip_prefix("sqlite://") {
        Some(database) => Path::new(database).with_extension("key"),
        None => {
            let name = url.split('?').next().unwrap_or(url);
            let name = name.rsplit('/').next().unwrap_or(name);
            std::env::temp_dir()
                .join("openkor-test-keys")
                .join(format!("{name}.key"))
        }
    }
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

fn unix_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn admin_url() -> Option<String> {
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(value) if value == "skip" => {
            assert!(
                !running_in_ci(),
                "{POSTGRES_URL_VAR}=skip is not allowed under CI=true"
            );
            None
        }
        Ok(value) if !value.is_empty() => Some(value),
        _ => Some(POSTGRES_URL_DEFAULT.to_owned()),
    }
}

fn running_in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true" || value == "1")
}

async fn postgres_reachable(admin_url: &str) -> bool {
    static REACHABLE: OnceCell<bool> = OnceCell::const_new();
    *REACHABLE
        .get_or_init(|| async {
            let probe = tokio::time::timeout(Duration::from_secs(5), connect_postgres(admin_url));
            match probe.await {
                Ok(Ok(connection)) => {
                    drop_stale_databases(&connection).await;
                    true
                }
                outcome => {
                    let reason = match outcome {
                        Ok(Err(error)) => error.to_string(),
                        _ => "connection timed out".to_owned(),
                    };
                    assert!(
                        !running_in_ci(),
                        "PostgreSQL at {admin_url} is unreachable under CI=true: {reason}"
                    );
                    eprintln!("PostgreSQL suite SKIPPED: {admin_url} unreachable ({reason})");
                    false
                }
            }
        })
        .await
}

/// A plain connection to a PostgreSQL database (for tests that run raw SQL); its connection task
/// runs on the current runtime until the client is dropped.
pub async fn connect_postgres(url: &str) -> Result<tokio_postgres::Client, tokio_postgres::Error> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(connection);
    Ok(client)
}

/// A plain connection to a SQLite database file given by its `sqlite://` URL (for tests that
/// run raw SQL).
pub fn connect_sqlite(url: &str) -> rusqlite::Connection {
    let path = url.strip_prefix("sqlite://").unwrap_or(url);
    let connection = rusqlite::Connection::open(path).expect("open the SQLite test database");
    connection
        .execute_batch("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
        .expect("configure the SQLite connection");
    connection
}

fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin_url, String::new()),
    };
    let server = match base.rfind('/') {
        Some(slash) if slash > "postgres://".len() => &base[..slash],
        _ => base,
    };
    format!("{server}/{name}{query}")
}

async fn drop_database(admin_url: &str, name: &str) {
    if let Ok(admin) = connect_postgres(admin_url).await {
        let _ = admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await;
    }
}

async fn drop_stale_databases(admin: &tokio_postgres::Client) {
    let names: Vec<String> = admin
        .query(
            "SELECT datname FROM pg_database WHERE datname LIKE 'openkor\\_test\\_%'",
            &[],
        )
        .await
        .map(|rows| rows.iter().filter_map(|row| row.try_get(0).ok()).collect())
        .unwrap_or_default();
    let cutoff_s = unix_s().saturating_sub(STALE_DATABASE_AGE_S);
    for name in names {
        let created_s = name
            .strip_prefix(DATABASE_PREFIX)
            .and_then(|rest| rest.split('_').next())
            .and_then(|secs| secs.parse::<u64>().ok());
        if created_s.is_some_and(|created_s| created_s < cutoff_s) {
            let _ = admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
        }
    }
}

/// An HTTP client for tests. The workspace's webhook client brings rustls without a default
/// crypto provider; this installs ring's (once per process) before building the client.
pub fn http_client() -> reqwest::Client {
    http_client_builder().build().unwrap_or_default()
}

/// A client builder for tests, with ring installed as rustls's provider (see [`http_client`]).
pub fn http_client_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_replace_only_the_database_name() {
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            database_url("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            database_url("postgres://h:5432", "x"),
            "postgres://h:5432/x"
        );
    }
}
