//! Talking to the server under test: plain HTTP/1.1 requests, readiness, and seeding the data
//! the measured requests read.

use super::{LISTEN, SEEDED_ACCOUNTS, STARTUP_TIMEOUT_MS};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Creates a customer and `SEEDED_ACCOUNTS` internal accounts for it under the sandbox's
/// business accounts; returns the id of the last account.
pub(super) fn seed_accounts(authorization: &str) -> Result<String, String> {
    let id_of = |body: &str| -> Result<String, String> {
        let value: Value = serde_json::from_str(body).map_err(|e| format!("{e}: {body}"))?;
        value["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or(format!("no id in {body}"))
    };
    let customer = json!({"type": "INDIVIDUAL", "firstName": "Bench", "lastName": "Mark",
        "primaryPhoneNumber": {"number": "+14155550100", "type": "MOBILE"},
        "primaryEmail": {"value": "bench@example.com"}});
    let customer = id_of(&http(
        "POST",
        "/v1/customers",
        authorization,
        Some(&customer.to_string()),
    )?)?;
    let parents = http(
        "GET",
        "/v1/financial-accounts?accountHolderTypes=BUSINESS_ACCOUNT",
        authorization,
        None,
    )?;
    let parents: Value = serde_json::from_str(&parents).map_err(|e| e.to_string())?;
    let parents: Vec<&str> = parents["content"]
        .as_array()
        .ok_or("no business accounts")?
        .iter()
        .filter_map(|account| account["id"].as_str())
        .collect();
    if parents.is_empty() {
        return Err("the sandbox has no business Financial Accounts".into());
    }
    let mut last = String::new();
    for n in 0..SEEDED_ACCOUNTS {
        let account = json!({"name": format!("Account {n}"), "parentId": parents[n % parents.len()],
            "accountHolderId": customer, "accountHolderType": "CUSTOMER"});
        last = id_of(&http(
            "POST",
            "/v1/internal-financial-accounts",
            authorization,
            Some(&account.to_string()),
        )?)?;
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
