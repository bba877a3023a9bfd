//! `sslmode` keeps libpq's meaning: `require` encrypts without checking the certificate, and
//! `verify-full` refuses a certificate no trusted authority signed. Skipped when the test server
//! offers no TLS.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store::StoreError;
use openkor_store::db::{Backend, Conn, Row};
use openkor_store::params;
use openkor_store_postgres::{PostgresBackend, PostgresConfig};
use openkor_testkit::TestDatabase;

fn with_sslmode(url: &str, mode: &str) -> String {
    let base = url.split_once('?').map_or(url, |(base, _)| base);
    format!("{base}?sslmode={mode}")
}

async fn server_offers_tls(url: &str) -> bool {
    let client = openkor_testkit::connect_postgres(url)
        .await
        .expect("a plain connection");
    let ssl: String = client
        .query_one("SHOW ssl", &[])
        .await
        .expect("SHOW ssl")
        .get(0);
    ssl == "on"
}

async fn connect(url: String) -> Result<PostgresBackend, StoreError> {
    PostgresBackend::connect(&PostgresConfig {
        url,
        connections_max: 1,
        acquire_timeout_ms: 5_000,
    })
    .await
}

#[tokio::test]
async fn require_encrypts_the_connection() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    if !server_offers_tls(database.url()).await {
        return;
    }
    let backend = connect(with_sslmode(database.url(), "require"))
        .await
        .expect("a TLS connection");
    let encrypted = backend
        .read(|conn| {
            Box::pin(async move {
                conn.query_one(
                    "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                    &params![],
                    &mut |row: &dyn Row| row.bool(0),
                )
                .await
            })
        })
        .await
        .expect("read pg_stat_ssl");
    assert!(encrypted, "sslmode=require must encrypt");
}

#[tokio::test]
async fn verify_full_refuses_a_certificate_no_authority_signed() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    if !server_offers_tls(database.url()).await {
        return;
    }
    // The local test server's certificate is self-signed (Debian's "snakeoil" one).
    let refused = connect(with_sslmode(database.url(), "verify-full")).await;
    assert!(
        matches!(refused, Err(StoreError::Unavailable(_))),
        "{:?}",
        refused.err()
    );
}
