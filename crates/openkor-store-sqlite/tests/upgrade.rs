//! A database made by release 0.1 (which migrated with sqlx) opens with this release: nothing is
//! re-run, sqlx's bookkeeping is left as it was, and every record reads back through the store.
//! A migration whose recorded checksum no longer matches is refused. What it kept in plaintext
//! (a social id, the server's secrets) is sealed in place, and no copy survives in the files;
//! so are the webhook signing secrets the releases up to migration 19 kept in plaintext. Its
//! addresses and contacts get ids (migration 22), which an update adding an address keeps.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store::conformance::{
    fixtures, release_0_1_lists_keep_their_ids, release_0_1_reads_back, webhook_secrets_in_use,
};
use openkor_store::sql_store::SealedAtRest;
use openkor_store::{SecretName, SecretStore};
use openkor_store_sqlite::{SqliteConfig, SqliteStore};
use openkor_testkit::TestDatabase;

/// `sqlite3 .dump` of a database release 0.1 migrated and filled.
const RELEASE_0_1: &str = include_str!("fixtures/release-0.1.sql");

/// Version, description, installed_on, checksum (hex), success, execution time.
type MigrationRow = (i64, String, String, String, i64, i64);

/// A fresh database holding the release 0.1 dump.
fn restored() -> TestDatabase {
    let database = TestDatabase::sqlite();
    let raw = openkor_testkit::connect_sqlite(database.url());
    // As `sqlite3` replays a dump: tables come in name order, children before their parents.
    raw.execute_batch("PRAGMA foreign_keys = OFF")
        .expect("foreign keys off");
    raw.execute_batch(RELEASE_0_1).expect("load the dump");
    database
}

/// The last migration of the releases that kept webhook signing secrets in plaintext.
const LAST_PLAINTEXT_WEBHOOKS_MIGRATION: i64 = 19;

/// A webhook subscription's secret and previous secret as those releases kept them.
const WEBHOOK_SECRETS: [&[u8]; 2] = [
    b"openkor-webhook-fixture-secret-1",
    b"openkor-webhook-fixture-secret-2",
];

/// The subscription holding [`WEBHOOK_SECRETS`].
const WEBHOOK_ID: &str = "019ac0de5eed7000800000000000f00d";

/// This crate's migration files up to `last`, after release 0.1's (which end at 4): `(version,
/// description, text)` in order.
fn migrations_through(last: i64) -> Vec<(i64, String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
    let mut found: Vec<(i64, String, String)> = std::fs::read_dir(dir)
        .expect("the migrations")
        .map(|entry| entry.expect("a migration").path())
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?.to_owned();
            let (version, description) = stem.split_once('_')?;
            let version: i64 = version.parse().ok()?;
            let text = std::fs::read_to_string(&path).expect("a migration's text");
            (5..=last)
                .contains(&version)
                .then(|| (version, description.to_owned(), text))
        })
        .collect();
    found.sort();
    found
}

/// The release 0.1 database migrated to migration 19 as the releases up to it did (foreign keys
/// off, one db transaction, sqlx's bookkeeping), holding a webhook subscription whose secret
/// and previous secret are in plaintext ([`WEBHOOK_SECRETS`]).
fn restored_with_plaintext_webhook_secrets() -> TestDatabase {
    let database = restored();
    let raw = openkor_testkit::connect_sqlite(database.url());
    raw.execute_batch("PRAGMA foreign_keys = OFF; BEGIN")
        .expect("begin");
    for (version, description, text) in migrations_through(LAST_PLAINTEXT_WEBHOOKS_MIGRATION) {
        raw.execute_batch(&text).expect("an earlier migration");
        raw.execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (?1, ?2, 1, ?3, 0)",
            (
                version,
                description,
                openkor_store::db::migrate::checksum(&text),
            ),
        )
        .expect("recorded");
    }
    raw.execute(
        "INSERT INTO webhook_subscriptions (id, business_account_id, url, event_types, state, \
         secret, previous_secret, previous_secret_expires_at, version, created_at, updated_at) \
         SELECT unhex(?1), business_account_id, 'https://hooks.example/openkor', \
         '[\"transactions.status-changed\"]', 'ACTIVE', ?2, ?3, 4102444800000, 2, 0, 0 \
         FROM service_accounts",
        (WEBHOOK_ID, WEBHOOK_SECRETS[0], WEBHOOK_SECRETS[1]),
    )
    .expect("a subscription");
    raw.execute_batch("COMMIT").expect("commit");
    database
}

fn sandbox(database: &TestDatabase) -> uuid::Uuid {
    openkor_testkit::connect_sqlite(database.url())
        .query_row(
            "SELECT business_account_id FROM service_accounts",
            [],
            |row| row.get::<_, Vec<u8>>(0),
        )
        .map(|bytes| uuid::Uuid::from_slice(&bytes).expect("a UUID"))
        .expect("the sandbox")
}

fn open(database: &TestDatabase) -> Result<SqliteStore, openkor_store::StoreError> {
    openkor_store_sqlite::open_store(&SqliteConfig {
        url: database.url().to_owned(),
        reader_connections_max: 2,
        busy_timeout_ms: 5_000,
    })
    .map(|store| store.with_data_keys(fixtures::data_keys()))
}

/// The bytes of the database file and its WAL.
fn files(database: &TestDatabase) -> Vec<u8> {
    let path = database.url().trim_start_matches("sqlite://");
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::read(format!("{path}{suffix}")).ok())
        .flatten()
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn bytes_of_hex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

fn migration_rows(database: &TestDatabase) -> Vec<MigrationRow> {
    let raw = openkor_testkit::connect_sqlite(database.url());
    let mut statement = raw
        .prepare(
            "SELECT version, description, CAST(installed_on AS TEXT), hex(checksum), success, \
             execution_time FROM _sqlx_migrations ORDER BY version",
        )
        .expect("prepare");
    statement
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("migration rows")
}

fn api_key(database: &TestDatabase) -> String {
    openkor_testkit::connect_sqlite(database.url())
        .query_row("SELECT api_key FROM service_accounts", [], |row| row.get(0))
        .expect("the sandbox's API key")
}

#[tokio::test]
async fn a_release_0_1_database_opens_without_rerunning_migrations_and_reads_back() {
    let database = restored();
    let before = migration_rows(&database);
    let versions: Vec<i64> = before.iter().map(|row| row.0).collect();
    assert_eq!(versions, vec![1, 2, 3, 4]);

    let store = open(&database).expect("open the release 0.1 database");
    release_0_1_reads_back(&store, &api_key(&database)).await;
    drop(store);
    let after = migration_rows(&database);
    assert_eq!(after[..before.len()], before[..], "no migration re-ran");
}

#[tokio::test]
async fn its_addresses_and_contacts_get_ids_that_updates_keep() {
    let database = restored();
    let store = open(&database).expect("open the release 0.1 database");
    release_0_1_lists_keep_their_ids(&store, &api_key(&database)).await;
}

#[tokio::test]
async fn its_plaintext_is_sealed_in_place_and_survives_nowhere_in_the_files() {
    let database = restored();
    let fingerprint_key =
        bytes_of_hex("F3DA9C3B8F29BC5438EED40EDC73CADDA1B8747B541071500B16450204366FCF");
    let signing_key =
        bytes_of_hex("976A3DBD116ABA6CC9F9FD3FC746582412EBBD93598C1628E9A37D787D205312");
    let plaintext = [
        b"123-45-6789".to_vec(),
        fingerprint_key.clone(),
        signing_key,
    ];
    let before = files(&database);
    assert!(plaintext.iter().all(|value| contains(&before, value)));

    let store = open(&database).expect("open the release 0.1 database");
    assert_eq!(
        store.seal_at_rest().await.expect("sealed"),
        SealedAtRest {
            sealed: 3,
            resealed: 0
        }
    );
    release_0_1_reads_back(&store, &api_key(&database)).await;
    let kept = store
        .secret_or_insert(SecretName::FingerprintKey, [0; 32])
        .await
        .expect("the fingerprint key");
    assert_eq!(
        kept.as_slice(),
        fingerprint_key,
        "its fingerprints stay valid"
    );
    let after = files(&database);
    for value in &plaintext {
        assert!(!contains(&after, value), "{value:02x?} survived");
    }
}

#[tokio::test]
async fn plaintext_webhook_secrets_are_sealed_in_place_and_survive_nowhere_in_the_files() {
    let database = restored_with_plaintext_webhook_secrets();
    let before = files(&database);
    assert!(
        WEBHOOK_SECRETS
            .iter()
            .all(|secret| contains(&before, secret))
    );

    let store = open(&database).expect("open the database");
    assert_eq!(
        store.seal_at_rest().await.expect("sealed"),
        SealedAtRest {
            sealed: 5,
            resealed: 0
        },
        "the social id, the two server secrets and the two webhook secrets"
    );
    release_0_1_reads_back(&store, &api_key(&database)).await;
    let id = uuid::Uuid::parse_str(WEBHOOK_ID).expect("a UUID");
    assert_eq!(
        webhook_secrets_in_use(&store, sandbox(&database), id).await,
        WEBHOOK_SECRETS,
        "deliveries are signed as before"
    );
    let after = files(&database);
    for secret in WEBHOOK_SECRETS {
        assert!(
            !contains(&after, secret),
            "{} survived",
            String::from_utf8_lossy(secret)
        );
    }
}

#[tokio::test]
async fn a_migration_changed_after_it_was_applied_is_refused() {
    let database = restored();
    openkor_testkit::connect_sqlite(database.url())
        .execute_batch("UPDATE _sqlx_migrations SET checksum = zeroblob(48) WHERE version = 2")
        .expect("tamper with a checksum");
    let before = migration_rows(&database);

    match open(&database) {
        Ok(_) => panic!("a changed migration must be refused"),
        Err(error) => assert!(
            error
                .to_string()
                .contains("migration 2 (customers) was changed after it was applied"),
            "unclear error: {error}"
        ),
    }
    assert_eq!(migration_rows(&database), before, "nothing was recorded");
}
