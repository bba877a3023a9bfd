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

use serde_json::{Value, json};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use support::{Backend, TestApp};

/// The test `$name(backend)` as `$name::sqlite` and `$name::postgres` (the latter skipped, as
/// the harness says, where no PostgreSQL server is reachable).
macro_rules! on_each_backend {
    ($name:ident) => {
        mod $name {
            use super::support::Backend;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(Backend::Postgres).await;
            }
        }
    };
}

/// Sealed at rest: social ids, server secrets and webhook signing secrets.
#[path = "personal_data/sealed.rs"]
mod sealed;

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

on_each_backend!(account_numbers_stay_out_of_responses_logs_and_storage);

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

on_each_backend!(personal_data_stays_out_of_the_log);
