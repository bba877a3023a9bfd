//! A database made by release 0.1 (which migrated with sqlx) opens with this release: nothing is
//! re-run, sqlx's bookkeeping is left as it was, and every record reads back through the store.
//! A migration whose recorded checksum no longer matches is refused. What it kept in plaintext
//! (a social id, the server's secrets) is sealed in place.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store::conformance::{fixtures, release_0_1_reads_back};
use openkor_store::sql_store::SealedAtRest;
use openkor_store::{SecretName, SecretStore};
use openkor_store_postgres::{PostgresConfig, PostgresStore};
use openkor_testkit::TestDatabase;

/// `pg_dump --inserts` of a database release 0.1 migrated and filled.
const RELEASE_0_1: &str = include_str!("fixtures/release-0.1.sql");

/// Version, description, installed_on, checksum (hex), success, execution time.
type MigrationRow = (i64, String, String, String, bool, i64);

/// A fresh database holding the release 0.1 dump, or `None` when the PostgreSQL suite is skipped.
async fn restored() -> Option<TestDatabase> {
    let database = TestDatabase::postgres().await?;
    // The dump's `\restrict` lines are psql meta-commands; the server would not understand them.
    let sql: String = RELEASE_0_1
        .lines()
        .filter(|line| !line.starts_with('\\'))
        .flat_map(|line| [line, "\n"])
        .collect();
    raw(&database)
        .await
        .batch_execute(&sql)
        .await
        .expect("load the dump");
    Some(database)
}

async fn raw(database: &TestDatabase) -> tokio_postgres::Client {
    openkor_testkit::connect_postgres(database.url())
        .await
        .expect("a raw connection")
}

async fn open(database: &TestDatabase) -> Result<PostgresStore, openkor_store::StoreError> {
    openkor_store_postgres::connect_store(&PostgresConfig {
        url: database.url().to_owned(),
        connections_max: 2,
        acquire_timeout_ms: 5_000,
    })
    .await
    .map(|store| store.with_data_keys(fixtures::data_keys()))
}

/// Every row of every table, as text (`bytea` as hexadecimal).
async fn every_row(database: &TestDatabase) -> String {
    let client = raw(database).await;
    let tables: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .await
        .expect("tables")
        .iter()
        .map(|row| row.get(0))
        .collect();
    let mut text = String::new();
    for table in tables {
        let sql = format!("SELECT row_to_json(t)::text FROM \"{table}\" t");
        for row in client.query(&sql, &[]).await.expect("rows") {
            text.push_str(&row.get::<_, String>(0));
        }
    }
    text
}

async fn migration_rows(database: &TestDatabase) -> Vec<MigrationRow> {
    raw(database)
        .await
        .query(
            "SELECT version, description, installed_on::text, encode(checksum, 'hex'), success, \
             execution_time FROM _sqlx_migrations ORDER BY version",
            &[],
        )
        .await
        .expect("migration rows")
        .iter()
        .map(|row| {
            (
                row.get(0),
                row.get(1),
                row.get(2),
                row.get(3),
                row.get(4),
                row.get(5),
            )
        })
        .collect()
}

async fn api_key(database: &TestDatabase) -> String {
    raw(database)
        .await
        .query_one("SELECT api_key FROM service_accounts", &[])
        .await
        .expect("the sandbox's API key")
        .get(0)
}

#[tokio::test]
async fn a_release_0_1_database_opens_without_rerunning_migrations_and_reads_back() {
    let Some(database) = restored().await else {
        return;
    };
    let before = migration_rows(&database).await;
    let versions: Vec<i64> = before.iter().map(|row| row.0).collect();
    assert_eq!(versions, vec![1, 2, 3, 4]);

    let store = open(&database)
        .await
        .expect("open the release 0.1 database");
    release_0_1_reads_back(&store, &api_key(&database).await).await;
    drop(store);
    let after = migration_rows(&database).await;
    assert_eq!(after[..before.len()], before[..], "no migration re-ran");
    let added: Vec<i64> = after[before.len()..].iter().map(|row| row.0).collect();
    assert_eq!(
        added,
        vec![5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
        "the later migrations were applied once"
    );
}

#[tokio::test]
async fn its_plaintext_is_sealed_in_place() {
    let Some(database) = restored().await else {
        return;
    };
    let fingerprint_key = "d01ad850257f0d78580ed7bb8e6d3cad1c75386854cebb994c46d951ee3e463e";
    let plaintext = [
        "123-45-6789",
        fingerprint_key,
        "29ee8a6df9a95d60071b755926e85e915536c68afb4dd65209ced74af24fe1b3",
    ];
    let before = every_row(&database).await;
    assert!(plaintext.iter().all(|value| before.contains(value)));

    let store = open(&database)
        .await
        .expect("open the release 0.1 database");
    assert_eq!(
        store.seal_at_rest().await.expect("sealed"),
        SealedAtRest {
            sealed: 3,
            resealed: 0
        }
    );
    release_0_1_reads_back(&store, &api_key(&database).await).await;
    let kept = store
        .secret_or_insert(SecretName::FingerprintKey, [0; 32])
        .await
        .expect("the fingerprint key");
    let kept: String = kept.iter().map(|byte| format!("{byte:02x}")).collect();
    assert_eq!(kept, fingerprint_key, "its fingerprints stay valid");
    let after = every_row(&database).await;
    for value in plaintext {
        assert!(!after.contains(value), "{value} survived");
    }
}

#[tokio::test]
async fn a_migration_changed_after_it_was_applied_is_refused() {
    let Some(database) = restored().await else {
        return;
    };
    raw(&database)
        .await
        .batch_execute(
            "UPDATE _sqlx_migrations SET checksum = decode(repeat('00', 48), 'hex') \
             WHERE version = 2",
        )
        .await
        .expect("tamper with a checksum");
    let before = migration_rows(&database).await;

    match open(&database).await {
        Ok(_) => panic!("a changed migration must be refused"),
        Err(error) => assert!(
            error
                .to_string()
                .contains("migration 2 (customers) was changed after it was applied"),
            "unclear error: {error}"
        ),
    }
    assert_eq!(
        migration_rows(&database).await,
        before,
        "nothing was recorded"
    );
}
