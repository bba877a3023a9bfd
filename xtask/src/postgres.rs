//! Finding the PostgreSQL server the tests use, and the databases the benchmark recreates.

use std::net::{TcpStream, ToSocketAddrs};
use std::process::Command;
use std::time::Duration;

/// Names the PostgreSQL server for tests (any database on it; each test creates its own).
pub const TEST_URL_VAR: &str = "OPENKOR_TEST_POSTGRES_URL";
const TEST_URL_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable";
const PROBE_TIMEOUT_MS: u64 = 2_000;

/// The URL from the environment, or the local default.
pub fn test_url() -> String {
    std::env::var(TEST_URL_VAR)
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| TEST_URL_DEFAULT.to_owned())
}

/// `host:port` of a `postgres://` URL.
fn host_port(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    if host_port.is_empty() {
        return None;
    }
    if host_port.contains(':') {
        Some(host_port.to_owned())
    } else {
        Some(format!("{host_port}:5432"))
    }
}

/// Whether a TCP connection to the URL's host and port succeeds.
pub fn reachable(url: &str) -> bool {
    if url == "skip" {
        return false;
    }
    let Some(address) = host_port(url) else {
        return true; // a socket path or unusual URL: let the tests find out
    };
    let Ok(addresses) = address.to_socket_addrs() else {
        return false;
    };
    addresses
        .into_iter()
        .any(|a| TcpStream::connect_timeout(&a, Duration::from_millis(PROBE_TIMEOUT_MS)).is_ok())
}

/// The URL with any password hidden.
pub fn redacted(url: &str) -> String {
    match url
        .split_once("://")
        .and_then(|(s, rest)| rest.split_once('@').map(|(u, h)| (s, u, h)))
    {
        Some((scheme, userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// Names the PostgreSQL server for the benchmark (a maintenance database on it).
pub const BENCH_URL_VAR: &str = "OPENKOR_BENCH_POSTGRES_URL";
const BENCH_URL_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The server on which the benchmark drops and creates its databases, with `psql`.
pub struct BenchServer {
    admin_url: String,
}

impl BenchServer {
    /// The server named by `BENCH_URL_VAR`, or the local one.
    pub fn from_env() -> Self {
        let admin_url = std::env::var(BENCH_URL_VAR)
            .ok()
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| BENCH_URL_DEFAULT.to_owned());
        Self { admin_url }
    }

    /// Drops `database` if it exists and creates it empty; returns its URL.
    pub fn recreate(&self, database: &str) -> Result<String, String> {
        self.drop_database(database)?;
        self.psql(&format!("CREATE DATABASE {database}"))?;
        let server = self
            .admin_url
            .rsplit_once('/')
            .map_or(self.admin_url.as_str(), |(server, _)| server);
        Ok(format!("{server}/{database}?sslmode=disable"))
    }

    /// Drops `database` (and any session on it) if it exists.
    pub fn drop_database(&self, database: &str) -> Result<(), String> {
        self.psql(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
    }

    fn psql(&self, statement: &str) -> Result<(), String> {
        let status = Command::new("psql")
            .args([self.admin_url.as_str(), "-q", "-c", statement])
            .status()
            .map_err(|e| format!("psql: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("psql failed: {statement}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_and_port_come_from_the_url() {
        assert_eq!(
            host_port("postgres://u@h:6000/db").as_deref(),
            Some("h:6000")
        );
        assert_eq!(
            host_port("postgres://u:p@h/db?x=1").as_deref(),
            Some("h:5432")
        );
        assert_eq!(host_port("postgres:///db?host=/run"), None);
        assert_eq!(redacted("postgres://u:p@h/db"), "postgres://u:***@h/db");
    }
}
