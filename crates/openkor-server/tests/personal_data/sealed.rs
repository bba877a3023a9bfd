//! Sealed at rest: beneficial owners' social ids, the key of account-number fingerprints and
//! webhook signing secrets are readable from no copy of the database alone; another data key
//! stops the start; SQLite makes its key file once, PostgreSQL must be given one.

use super::support::{self, Backend, TestApp};
use super::{database_contents, sqlite_files};
use openkor_server::config::DatabaseConfig;
use openkor_server::database::Database;
use openkor_store::SecretName;
use serde_json::{Value, json};

/// Whether the database holds `secret`'s bytes: anywhere in SQLite's files, or in some
/// PostgreSQL row (where `bytea` shows as hexadecimal).
async fn database_holds(app: &TestApp, secret: &[u8]) -> bool {
    match app.backend {
        Backend::Sqlite => sqlite_files(app)
            .windows(secret.len())
            .any(|window| window == secret),
        Backend::Postgres => {
            let hex: String = secret.iter().map(|byte| format!("{byte:02x}")).collect();
            database_contents(app).await.contains(&hex)
        }
    }
}

async fn social_ids_and_the_fingerprint_key_stay_out_of_storage(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let token = &app.bootstrap.token;
    let business = json!({"type": "BUSINESS", "businessName": "Sealed Inc", "contacts": [{"firstName": "Pat",
        "lastName": "Doe", "primary": true, "primaryPhoneNumber": {"number": "+14155550123", "type": "WORK"},
        "primaryEmail": {"value": "pat@sealed.example"}}]});
    let company: Value = app
        .post("/v1/customers", token, &business)
        .await
        .json()
        .await
        .unwrap();
    let owners = format!(
        "/v1/customers/{}/beneficiaries",
        company["id"].as_str().unwrap()
    );
    let social_id = format!("SSN-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let owner = json!({"firstName": "Ada", "lastName": "Sealed", "socialId": social_id, "socialIdCountryCode": "USA"});
    let created: Value = app.post(&owners, token, &owner).await.json().await.unwrap();
    let masked = format!("*****{}", &social_id[social_id.len() - 4..]);
    assert_eq!(created["socialId"], masked.as_str());
    let path = format!("{owners}/{}", created["id"].as_str().unwrap());
    let read: Value = app.get(&path, token).await.json().await.unwrap();
    assert_eq!(read["socialId"], masked.as_str());
    assert!(!database_contents(&app).await.contains(&social_id));
    assert!(!database_holds(&app, social_id.as_bytes()).await);
    let fingerprint_key = app
        .services
        .store()
        .secret_or_insert(SecretName::FingerprintKey, [0; 32])
        .await
        .unwrap();
    assert!(
        !database_holds(&app, &fingerprint_key).await,
        "the fingerprint key is readable from the database alone"
    );
}

on_each_backend!(social_ids_and_the_fingerprint_key_stay_out_of_storage);

/// The bytes of a `whsec_…` secret as the API shows it.
fn secret_bytes(shown: &Value) -> Vec<u8> {
    use base64::Engine;
    let text = shown.as_str().unwrap().strip_prefix("whsec_").unwrap();
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

async fn webhook_secrets_stay_out_of_storage(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let token = &app.bootstrap.token;
    let body =
        json!({"url": "https://example.com/hook", "eventTypes": ["customer.status-updated"]});
    let created = app.post("/v1/webhook-subscriptions", token, &body).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let path = format!(
        "/v1/webhook-subscriptions/{}/rotate-secret",
        created["id"].as_str().unwrap()
    );
    let rotated = app.post(&path, token, &json!({})).await;
    assert_eq!(rotated.status(), 200);
    let rotated: Value = rotated.json().await.unwrap();
    for shown in [&created["secret"], &rotated["secret"]] {
        assert!(
            !database_holds(&app, &secret_bytes(shown)).await,
            "a webhook signing secret is readable from the database alone"
        );
    }
}

on_each_backend!(webhook_secrets_stay_out_of_storage);

async fn another_data_key_stops_the_start(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.key");
    openkor_server::data_keys::create_key_file(&other).unwrap();
    let mut config = support::serve_config(&app.database_url);
    config.database = DatabaseConfig::new(app.database_url.clone()).with_data_key_file(&other);
    let refused = match openkor_server::prepare(&config, app.clock.clone()).await {
        Ok(_) => panic!("a server started with another data key"),
        Err(error) => error.to_string(),
    };
    assert!(
        refused.contains("neither the data key") && refused.contains("--data-key-file"),
        "unclear: {refused}"
    );
}

on_each_backend!(another_data_key_stops_the_start);

/// The quick start: SQLite makes its key file next to the database (owner-only) on the first
/// start, uses it from then on, and never makes one for a database already sealed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_makes_its_key_file_once_and_never_for_a_sealed_database() {
    let database = openkor_testkit::TestDatabase::sqlite();
    let config = DatabaseConfig::new(database.url());
    let first = Database::open(&config).await.unwrap();
    openkor_server::build_services(
        first.store.clone(),
        std::sync::Arc::new(openkor_domain::clock::SystemClock),
        60,
        None,
        Default::default(),
    )
    .await
    .unwrap();
    let key_file = openkor_server::data_keys::default_key_file(database.url()).unwrap();
    assert_eq!(key_file.extension().unwrap(), "key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let key_id = first.data_key_id;
    drop(first);
    assert_eq!(Database::open(&config).await.unwrap().data_key_id, key_id);
    std::fs::rename(&key_file, key_file.with_extension("moved")).unwrap();
    let refused = match Database::open(&config).await {
        Ok(_) => panic!("a new key was made for a sealed database"),
        Err(error) => error.to_string(),
    };
    assert!(
        refused.contains(&key_id.to_string()) && refused.contains("does not exist"),
        "{refused}"
    );
    assert!(!key_file.exists());
}

/// PostgreSQL, which several processes share, makes no key file: it must be given.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_needs_its_key_file_given() {
    let Some(database) = openkor_testkit::TestDatabase::postgres().await else {
        return;
    };
    let refused = match Database::open(&DatabaseConfig::new(database.url())).await {
        Ok(_) => panic!("PostgreSQL opened without a data key file"),
        Err(error) => error.to_string(),
    };
    assert!(refused.contains("--data-key-file"), "{refused}");
}
