//! Personal data never reaches the log: every log line (at TRACE, all crates) is captured while
//! customers and beneficial owners with unique personal data are created, read, searched,
//! updated and refused; none of that data may appear, while the requests' trace ids must.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

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
