//! Personal data never reaches the log: every log line (at TRACE, all crates) is captured while
//! customers and beneficial owners with unique personal data are created, read, searched,
//! updated and refused; none of that data may appear, while the requests' trace ids must.
//! Full card and bank account numbers additionally never appear in a response body or anywhere
//! in the database (every SQLite page and WAL frame, every PostgreSQL row), and neither do
//! beneficial owners' social ids nor the key of account-number fingerprints nor webhook signing
//! secrets, which are sealed under a data key kept outside the database: another key stops the
//! start.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

#[allow(
    dead_code,
    reason = "the shared HTTP harness; this binary uses part of it"
)]
#[path = "http/client.rs"]
mod client;
#[allow(
    dead_code,
    reason = "the shared HTTP harness; this binary uses part of it"
)]
#[path = "http/support.rs"]
mod support;

use openkor_server::config::DatabaseConfig;
use openkor_server::database::Database;
use openkor_store::SecretName;
use serde_json::{Value, json};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use support::{Backend, TestApp};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture() -> &'static Captured {
    static LOG: OnceLock<Captured> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Captured::default();
        let writer = log.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        log
    })
}

async fn exercise(app: &TestApp, marker: &str) -> (Vec<String>, Vec<String>) {
    let token = &app.bootstrap.token;
    let email = format!("{marker}@privacy.example");
    let phone = format!("+1415{}", &marker[marker.len() - 7..]);
    let person = json!({"type": "INDIVIDUAL", "firstName": format!("Zeb{marker}"), "lastName": "Quux",
        "primaryPhoneNumber": {"number": phone, "type": "MOBILE"}, "primaryEmail": {"value": email},
        "dateOfBirth": "1977-07-07", "addresses": [{"type": "PHYSICAL", "streetLine1": format!("{marker} Secret Lane"),
        "cityName": "Boston", "stateCode": "MA", "countryCode": "USA", "zipCode": "02110"}]});
    let mut traces = Vec::new();
    let mut note = |response: &reqwest::Response| {
        traces.push(
            response.headers()["x-trace-id"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
    };
    let created = app.post("/v1/customers", token, &person).await;
    note(&created);
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    for path in [
        format!("/v1/customers/{id}"),
        format!("/v1/customers?search={marker}"),
        format!("/v1/customers?primaryEmail={email}"),
        format!("/v1/customers?primaryPhoneNumber=%2B{}", &phone[1..]),
    ] {
        let response = app.get(&path, token).await;
        note(&response);
    }
    let mut invalid = person.clone();
    invalid["primaryEmail"] = json!({"value": format!("{marker} not an email")});
    note(&app.post("/v1/customers", token, &invalid).await);
    note(
        &app.put(
            &format!("/v1/customers/{id}"),
            token,
            &json!({"lastName": format!("Q{marker}")}),
        )
        .await,
    );
    let business = json!({"type": "BUSINESS", "businessName": format!("Biz{marker}"), "contacts": [{"firstName": "Pat",
        "lastName": format!("L{marker}"), "primary": true, "primaryPhoneNumber": {"number": phone, "type": "WORK"},
        "primaryEmail": {"value": email}}]});
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
    let owner = json!({"firstName": "Ada", "lastName": format!("O{marker}"), "socialId": format!("SSN-{marker}"),
        "socialIdCountryCode": "USA"});
    note(&app.post(&owners, token, &owner).await);
    note(&app.get(&owners, token).await);
    let secrets = vec![
        marker.to_owned(),
        email,
        phone.clone(),
        phone[1..].to_owned(),
        "1977-07-07".to_owned(),
    ];
    (traces, secrets)
}

/// `payload` followed by its Luhn check digit.
fn with_luhn_digit(payload: &str) -> String {
    let sum: u32 = payload
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let digit = u32::from(b - b'0');
            let weighted = if i % 2 == 0 { digit * 2 } else { digit };
            if weighted > 9 { weighted - 9 } else { weighted }
        })
        .sum();
    format!("{payload}{}", (10 - sum % 10) % 10)
}

/// Creates, duplicates, refuses, reads and lists an external card and bank account with
/// unique numbers; returns the trace ids, the full numbers and every response body.
async fn exercise_accounts(app: &TestApp, digits: &str) -> (Vec<String>, Vec<String>, String) {
    let token = &app.bootstrap.token;
    let card_number = with_luhn_digit(&format!("4{}", &digits[..14]));
    let bad_card_number = format!("4{}0", &digits[..13]);
    let bad_card_number = if with_luhn_digit(&bad_card_number[..14]) == bad_card_number {
        format!("4{}1", &digits[..13])
    } else {
        bad_card_number
    };
    let bank_number = format!("9{}", &digits[..11]);
    let holder = json!({"type": "INDIVIDUAL", "firstName": "Card", "lastName": "Holder",
        "primaryPhoneNumber": {"number": "+14155550100", "type": "MOBILE"}, "primaryEmail": {"value": "card@holder.example"}});
    let holder: Value = app
        .post("/v1/customers", token, &holder)
        .await
        .json()
        .await
        .unwrap();
    let holder = holder["id"].as_str().unwrap();
    let address = json!({"addressLine1": "625 Queen St", "city": "Vancouver", "stateCode": "BC", "countryCode": "CAN", "postalCode": "V5K 0A1"});
    let card = |number: &str| {
        json!({"name": "Debit Card", "accountHolderId": holder, "accountHolderType": "CUSTOMER",
        "subtype": "DEBIT", "card": {"firstName": "Mark", "lastName": "Strong", "cardNumber": number, "expiry": "2031-12",
        "billingAddress": address}})
    };
    let bank = |routing: &str| {
        json!({"name": "Checking", "accountHolderId": holder, "accountHolderType": "CUSTOMER",
        "subtype": "CHECKING", "bankAccount": {"bankName": "Citibank", "routingNo": routing, "accountNumber": bank_number,
        "billingAddress": address}})
    };
    // The numbers in the wrong place or of the wrong JSON type: serde's own messages would
    // quote them.
    let mistyped = |mut body: Value, pointer: &str, value: Value| {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        body.pointer_mut(parent).unwrap()[key] = value;
        body
    };
    let card_as_integer = json!(card_number.parse::<u64>().unwrap());
    let bank_as_integer = json!(bank_number.parse::<u64>().unwrap());
    let mut traces = Vec::new();
    let mut bodies = String::new();
    let mut ids = Vec::new();
    for (path, body, status) in [
        (
            "/v1/external-cards",
            mistyped(
                card(&card_number),
                "/card/cardNumber",
                card_as_integer.clone(),
            ),
            400,
        ),
        (
            "/v1/external-cards",
            mistyped(card(&card_number), "/subtype", json!(card_number)),
            400,
        ),
        (
            "/v1/external-cards",
            mistyped(card(&card_number), "/accountHolderType", json!(card_number)),
            400,
        ),
        (
            "/v1/external-cards",
            mistyped(card(&card_number), "/card/expiry", card_as_integer),
            400,
        ),
        (
            "/v1/external-cards",
            mistyped(card(&card_number), "/defaultFlag", json!(card_number)),
            400,
        ),
        (
            "/v1/external-bank-accounts",
            mistyped(
                bank("321171184"),
                "/bankAccount/accountNumber",
                bank_as_integer,
            ),
            400,
        ),
        (
            "/v1/external-bank-accounts",
            mistyped(
                bank("321171184"),
                "/bankAccount/routingNo",
                json!(bank_number),
            ),
            400,
        ),
        ("/v1/external-cards", card(&card_number), 201),
        ("/v1/external-cards", card(&card_number), 409),
        ("/v1/external-cards", card(&bad_card_number), 400),
        ("/v1/external-bank-accounts", bank("321171184"), 201),
        ("/v1/external-bank-accounts", bank("321171184"), 409),
        ("/v1/external-bank-accounts", bank("321171185"), 400),
    ] {
        let response = app.post(path, token, &body).await;
        assert_eq!(response.status(), status, "{path}");
        traces.push(
            response.headers()["x-trace-id"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
        let text = response.text().await.unwrap();
        if status == 201 {
            let created: Value = serde_json::from_str(&text).unwrap();
            ids.push(created["id"].as_str().unwrap().to_owned());
        }
        bodies.push_str(&text);
    }
    let mut reads: Vec<String> = ids
        .iter()
        .map(|id| format!("/v1/financial-accounts/{id}?embed=accountHolder"))
        .collect();
    reads.push(format!("/v1/financial-accounts?accountHolderId={holder}"));
    reads.push(format!("/v1/customers/{holder}/financial-accounts"));
    let mut refused_reads = vec![
        format!("/v1/financial-accounts?sort={card_number}"),
        format!("/v1/financial-accounts?sort=name,{card_number}"),
        format!("/v1/financial-accounts?type={card_number}"),
        format!("/v1/financial-accounts?name={card_number}&accountHolderId={bank_number}"),
        format!("/v1/financial-accounts/{}?embed={card_number}", ids[0]),
        format!("/v1/business-accounts/self?embed={bank_number}"),
        // A number where an id goes: the log has the route template, never the path as sent.
        format!("/v1/financial-accounts/{card_number}"),
        format!("/v1/customers/{bank_number}/financial-accounts"),
    ];
    for path in refused_reads.drain(..) {
        let response = app.get(&path, token).await;
        assert_eq!(response.status(), 400, "{path}");
        bodies.push_str(&response.text().await.unwrap());
    }
    for path in reads {
        let response = app.get(&path, token).await;
        assert_eq!(response.status(), 200, "{path}");
        bodies.push_str(&response.text().await.unwrap());
    }
    (
        traces,
        vec![card_number, bad_card_number, bank_number],
        bodies,
    )
}

/// Every byte of the SQLite database file and its WAL.
fn sqlite_files(app: &TestApp) -> Vec<u8> {
    let path = app.database_url.trim_start_matches("sqlite://");
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::read(format!("{path}{suffix}")).ok())
        .flatten()
        .collect()
}

/// Every row of every table of the test database, as text.
async fn database_contents(app: &TestApp) -> String {
    match app.backend {
        Backend::Sqlite => String::from_utf8_lossy(&sqlite_files(app)).into_owned(),
        Backend::Postgres => {
            let connection = openkor_testkit::connect_postgres(&app.database_url)
                .await
                .unwrap();
            let tables: Vec<String> = connection
                .query(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
                    &[],
                )
                .await
                .unwrap()
                .iter()
                .map(|row| row.get(0))
                .collect();
            let mut text = String::new();
            for table in tables {
                let sql = format!("SELECT row_to_json(t)::text AS row FROM \"{table}\" t");
                for row in connection.query(&sql, &[]).await.unwrap() {
                    text.push_str(&row.get::<_, String>(0));
                }
            }
            text
        }
    }
}

async fn account_numbers_stay_out_of_responses_logs_and_storage(backend: Backend) {
    let log = capture();
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let digits: String = uuid::Uuid::new_v4()
        .as_u128()
        .to_string()
        .chars()
        .rev()
        .take(16)
        .collect();
    let (traces, numbers, bodies) = exercise_accounts(&app, &digits).await;
    let stored = database_contents(&app).await;
    assert!(
        stored.contains(&numbers[0][12..]),
        "the card's last four are stored"
    );
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    for trace in &traces {
        assert!(
            text.contains(trace.as_str()),
            "the request line of {trace} was not captured"
        );
    }
    for number in &numbers {
        assert!(!text.contains(number.as_str()), "{number} reached the log");
        assert!(!bodies.contains(number.as_str()), "{number} was returned");
        assert!(
            !stored.contains(number.as_str()),
            "{number} was stored in plaintext"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_numbers_stay_out_of_responses_logs_and_storage_on_sqlite() {
    account_numbers_stay_out_of_responses_logs_and_storage(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_numbers_stay_out_of_responses_logs_and_storage_on_postgres() {
    account_numbers_stay_out_of_responses_logs_and_storage(Backend::Postgres).await;
}

async fn personal_data_stays_out_of_the_log(backend: Backend) {
    let log = capture();
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let marker = format!("pii{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let marker = marker.replace(
        |c: char| !c.is_ascii_digit() && !c.is_ascii_lowercase(),
        "7",
    );
    let marker = format!("{marker}{}", "1234567");
    let (traces, secrets) = exercise(&app, &marker).await;
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    for trace in &traces {
        assert!(
            text.contains(trace.as_str()),
            "the request line of {trace} was not captured"
        );
    }
    for secret in &secrets {
        assert!(
            !text.contains(secret.as_str()),
            "personal data {secret:?} reached the log"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_data_stays_out_of_the_log_on_sqlite() {
    personal_data_stays_out_of_the_log(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_data_stays_out_of_the_log_on_postgres() {
    personal_data_stays_out_of_the_log(Backend::Postgres).await;
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn social_ids_and_the_fingerprint_key_stay_out_of_storage_on_sqlite() {
    social_ids_and_the_fingerprint_key_stay_out_of_storage(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn social_ids_and_the_fingerprint_key_stay_out_of_storage_on_postgres() {
    social_ids_and_the_fingerprint_key_stay_out_of_storage(Backend::Postgres).await;
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_secrets_stay_out_of_storage_on_sqlite() {
    webhook_secrets_stay_out_of_storage(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_secrets_stay_out_of_storage_on_postgres() {
    webhook_secrets_stay_out_of_storage(Backend::Postgres).await;
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_data_key_stops_the_start_on_sqlite() {
    another_data_key_stops_the_start(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_data_key_stops_the_start_on_postgres() {
    another_data_key_stops_the_start(Backend::Postgres).await;
}

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
