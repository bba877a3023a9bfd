//! A database made by release 0.1 (which migrated with sqlx) opens with this release: nothing is
//! re-run, sqlx's bookkeeping is left as it was, and every record reads back through the store.
//! A migration whose recorded checksum no longer matches is refused. What it kept in plaintext
//! (a social id, the server's secrets) is sealed in place; so are the webhook signing secrets
//! the releases up to migration 19 kept in plaintext. Its addresses and contacts get ids
//! (migration 22), which an update adding an address keeps.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store::conformance::{
    fixtures, release_0_1_lists_keep_their_ids, release_0_1_reads_back, webhook_secrets_in_use,
};
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

/// The last migration of the releases that kept webhook signing secrets in plaintext.
const LAST_PLAINTEXT_WEBHOOKS_MIGRATION: i64 = 19;

/// A webhook subscription's secret and previous secret as those releases kept them.
const WEBHOOK_SECRETS: [&str; 2] = [
    "openkor-webhook-fixture-secret-1",
    "openkor-webhook-fixture-secret-2",
];

/// The subscription holding [`WEBHOOK_SECRETS`].
const WEBHOOK_ID: &str = "019ac0de-5eed-7000-8000-00000000f00d";

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

/// The release 0.1 database migrated to migration 19 as the releases up to it did (one db
/// transaction, sqlx's bookkeeping), holding a webhook subscription whose secret and previous
/// secret are in plaintext ([`WEBHOOK_SECRETS`]); `None` when the PostgreSQL suite is skipped.
async fn restored_with_plaintext_webhook_secrets() -> Option<TestDatabase> {
    let database = restored().await?;
    let mut client = raw(&database).await;
    let earlier = client.transaction().await.expect("begin");
    for (version, description, text) in migrations_through(LAST_PLAINTEXT_WEBHOOKS_MIGRATION) {
        earlier
            .batch_execute(&text)
            .await
            .expect("an earlier migration");
        earlier
            .execute(
                "INSERT INTO _sqlx_migrations (version, description, success, checksum, \
                 execution_time) VALUES ($1, $2, TRUE, $3, 0)",
                &[
                    &version,
                    &description,
                    &openkor_store::db::migrate::checksum(&text),
                ],
            )
            .await
            .expect("recorded");
    }
    earlier
        .execute(
            "INSERT INTO webhook_subscriptions (id, business_account_id, url, event_types, state, \
             secret, previous_secret, previous_secret_expires_at, version, created_at, updated_at) \
             SELECT $1::text::uuid, business_account_id, 'https://hooks.example/openkor', \
             '[\"transactions.status-changed\"]', 'ACTIVE', convert_to($2, 'UTF8'), \
             convert_to($3, 'UTF8'), '2100-01-01Z', 2, now(), now() FROM service_accounts",
            &[&WEBHOOK_ID, &WEBHOOK_SECRETS[0], &WEBHOOK_SECRETS[1]],
        )
        .await
        .expect("a subscription");
    earlier.commit().await.expect("commit");
    Some(database)
}

async fn sandbox(database: &TestDatabase) -> uuid::Uuid {
    raw(database)
        .await
        .query_one(
            "SELECT business_account_id::text FROM service_accounts",
            &[],
        )
        .await
        .map(|row| uuid::Uuid::parse_str(row.get(0)).expect("a UUID"))
        .expect("the sandbox")
}

/// `text`'s bytes in hexadecimal, as a `bytea` shows in JSON.
fn hex(text: &str) -> String {
    text.bytes().map(|byte| format!("{byte:02x}")).collect()
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
    let later: Vec<i64> = migrations_through(i64::MAX)
        .iter()
        .map(|(version, ..)| *version)
        .collect();
    assert!(later == (5..=22).collect::<Vec<i64>>(), "{later:?}");
    assert_eq!(added, later, "every later migration file was applied once");
}

#[tokio::test]
async fn its_addresses_and_contacts_get_ids_that_updates_keep() {
    let Some(database) = restored().await else {
        return;
    };
    let store = open(&database)
        .await
        .expect("open the release 0.1 database");
    release_0_1_lists_keep_their_ids(&store, &api_key(&database).await).await;
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
async fn plaintext_webhook_secrets_are_sealed_in_place() {
    let Some(database) = restored_with_plaintext_webhook_secrets().await else {
        return;
    };
    let before = every_row(&database).await;
    assert!(
        WEBHOOK_SECRETS
            .iter()
            .all(|secret| before.contains(&hex(secret)))
    );

    let store = open(&database).await.expect("open the database");
    assert_eq!(
        store.seal_at_rest().await.expect("sealed"),
        SealedAtRest {
            sealed: 5,
            resealed: 0
        },
        "the social id, the two server secrets and the two webhook secrets"
    );
    release_0_1_reads_back(&store, &api_key(&database).await).await;
    let id = uuid::Uuid::parse_str(WEBHOOK_ID).expect("a UUID");
    let in_use = webhook_secrets_in_use(&store, sandbox(&database).await, id).await;
    let expected: Vec<&[u8]> = WEBHOOK_SECRETS
        .iter()
        .map(|secret| secret.as_bytes())
        .collect();
    assert_eq!(in_use, expected, "deliveries are signed as before");
    let after = every_row(&database).await;
    for secret in WEBHOOK_SECRETS {
        assert!(!after.contains(&hex(secret)), "{secret} survived");
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
