//! Talking to the server under test: plain HTTP/1.1 requests, readiness, and seeding the data
//! the measured requests read.

use super::{LISTEN, SEEDED_ACCOUNTS, STARTUP_TIMEOUT_MS};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The `id` of a JSON document.
pub(super) fn id_of(body: &str) -> Result<String, String> {
    let value: Value = serde_json::from_str(body).map_err(|e| format!("{e}: {body}"))?;
    value["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or(format!("no id in {body}"))
}

/// Creates a customer; returns its id.
pub(super) fn create_customer(authorization: &str) -> Result<String, String> {
    let customer = json!({"type": "INDIVIDUAL", "firstName": "Bench", "lastName": "Mark",
        "primaryPhoneNumber": {"number": "+14155550100", "type": "MOBILE"},
        "primaryEmail": {"value": "bench@example.com"}});
    id_of(&http(
        "POST",
        "/v1/customers",
        authorization,
        Some(&customer.to_string()),
    )?)
}

/// The sandbox's business Financial Accounts, as `(id, currency)`.
pub(super) fn business_accounts(authorization: &str) -> Result<Vec<(String, String)>, String> {
    let body = http(
        "GET",
        "/v1/financial-accounts?accountHolderTypes=BUSINESS_ACCOUNT",
        authorization,
        None,
    )?;
    let body: Value = serde_json::from_str(&body).map_err(|e| e.to_string())?;
    let accounts: Vec<(String, String)> = body["content"]
        .as_array()
        .ok_or("no business accounts")?
        .iter()
        .filter_map(|account| {
            Some((
                account["id"].as_str()?.to_owned(),
                account["currency"].as_str()?.to_owned(),
            ))
        })
        .collect();
    if accounts.is_empty() {
        return Err("the sandbox has no business Financial Accounts".into());
    }
    Ok(accounts)
}

/// Opens an internal Financial Account for `holder` (a customer) under `parent`; returns its id.
pub(super) fn create_internal_account(
    authorization: &str,
    parent: &str,
    holder: &str,
    name: &str,
) -> Result<String, String> {
    let account = json!({"name": name, "parentId": parent,
        "accountHolderId": holder, "accountHolderType": "CUSTOMER"});
    id_of(&http(
        "POST",
        "/v1/internal-financial-accounts",
        authorization,
        Some(&account.to_string()),
    )?)
}

/// Creates a customer and `SEEDED_ACCOUNTS` internal accounts for it under the sandbox's
/// business accounts; returns the id of the last account.
pub(super) fn seed_accounts(authorization: &str) -> Result<String, String> {
    let customer = create_customer(authorization)?;
    let parents = business_accounts(authorization)?;
    let mut last = String::new();
    for n in 0..SEEDED_ACCOUNTS {
        let (parent, _) = &parents[n % parents.len()];
        last = create_internal_account(authorization, parent, &customer, &format!("Account {n}"))?;
    }
    Ok(last)
}

pub(super) fn wait_until_ready(listen: &str) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(STARTUP_TIMEOUT_MS) {
        if TcpStream::connect(listen).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err("the server did not become ready".into())
}

/// One HTTP/1.1 request with `Connection: close` and an optional JSON body; the body on 2xx.
pub(super) fn http(
    method: &str,
    path: &str,
    authorization: &str,
    json: Option<&str>,
) -> Result<String, String> {
    let mut stream = TcpStream::connect(LISTEN).map_err(|e| e.to_string())?;
    let auth = if authorization.is_empty() {
        String::new()
    } else {
        format!("Authorization: {authorization}\r\n")
    };
    let body = json.unwrap_or_default();
    let content_type = if json.is_some() {
        "Content-Type: application/json\r\n"
    } else {
        ""
    };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {LISTEN}\r\n{auth}{content_type}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| e.to_string())?;
    let (head, body) = response
        .split_once("\r\n\r\n")
        .ok_or("malformed response")?;
    if !head.starts_with("HTTP/1.1 2") {
        return Err(head.lines().next().unwrap_or_default().to_owned());
    }
    Ok(body.to_owned())
}
