//! The tenant of the lists suite: the template rows made through the API, its growth to each
//! size (`grow`), and the copies read back through the API, so that a broken copy fails the
//! run instead of being measured as 404s.

use super::super::client;
use super::grow::{self, Growth, Template};
use serde_json::{Value, json};
use std::time::Instant;

/// A customer body (an individual with a phone, whose digits no search fragment contains).
fn customer_body(first_name: &str, email: &str, addresses: Value) -> String {
    json!({"type": "INDIVIDUAL", "firstName": first_name, "lastName": "Template",
        "primaryPhoneNumber": {"number": "+14155550100", "type": "MOBILE"},
        "primaryEmail": {"value": email}, "addresses": addresses})
    .to_string()
}

/// The API with the sandbox's bearer token.
pub(super) struct Api {
    pub(super) authorization: String,
}

impl Api {
    pub(super) fn get(&self, path: &str) -> Result<Value, String> {
        let body = client::http("GET", path, &self.authorization, None)
            .map_err(|status| format!("GET {path}: {status}"))?;
        serde_json::from_str(&body).map_err(|e| format!("GET {path}: {e}: {body}"))
    }

    pub(super) fn post(&self, path: &str, body: &str) -> Result<String, String> {
        let answer = client::http("POST", path, &self.authorization, Some(body))
            .map_err(|status| format!("POST {path}: {status}"))?;
        client::id_of(&answer)
    }

    /// `totalElements` of a list.
    pub(super) fn total(&self, path: &str) -> Result<u64, String> {
        self.get(path)?["totalElements"]
            .as_u64()
            .ok_or(format!("GET {path}: no totalElements"))
    }

    /// The id of the only row of a list.
    pub(super) fn only_id(&self, path: &str) -> Result<String, String> {
        let page = self.get(path)?;
        match (
            page["totalElements"].as_u64(),
            page["content"][0]["id"].as_str(),
        ) {
            (Some(1), Some(id)) => Ok(id.to_owned()),
            _ => Err(format!("GET {path}: expected exactly one row, got {page}")),
        }
    }
}

/// The template rows, made through the API.
pub(super) struct World {
    /// The Business Account (the sandbox, the tenant).
    pub(super) scope: String,
    /// The USD business account every internal account is opened under.
    pub(super) parent: String,
    pub(super) customer: String,
    pub(super) minority: String,
    pub(super) account: String,
    pub(super) minority_account: String,
    /// The template customer's addresses.
    pub(super) addresses: usize,
    /// Copies are created before this instant (Unix milliseconds).
    pub(super) base_ms: i64,
}

pub(super) fn open_world(api: &Api, sandbox: &Value) -> Result<World, String> {
    let scope = sandbox["businessAccountId"]
        .as_str()
        .ok_or("no businessAccountId in the sandbox")?
        .to_owned();
    let base_ms = super::super::seed::now_ms();
    let parent = client::business_accounts(&api.authorization)?
        .into_iter()
        .find_map(|(id, currency)| (currency == "USD").then_some(id))
        .ok_or("the sandbox has no USD business account")?;
    let address = json!({"type": "PHYSICAL", "streetLine1": "100 Main St", "cityName": "Greenville",
        "stateCode": "MO", "countryCode": "USA", "zipCode": "63368"});
    let customer = api.post(
        "/v1/customers",
        &customer_body("Customer", "template@example.com", json!([address])),
    )?;
    let minority = api.post(
        "/v1/customers",
        &customer_body("Minority", "minority@example.com", json!([])),
    )?;
    let open = |holder: &str, name: &str| {
        client::create_internal_account(&api.authorization, &parent, holder, name)
    };
    Ok(World {
        scope,
        account: open(&customer, "Template account")?,
        minority_account: open(&minority, "Minority account")?,
        parent: parent.clone(),
        customer,
        minority,
        addresses: 1,
        base_ms,
    })
}

/// What the database holds and the server says after a growth, checked.
pub(super) struct Probe {
    /// Live rows in the tenant (counted in the database).
    pub(super) accounts: u64,
    pub(super) customers: u64,
    /// `totalElements` of the unfiltered lists (a lower bound beyond the server's count cap).
    pub(super) listed: (u64, u64),
    /// A copied account.
    pub(super) account_id: String,
}

/// The e-mail of copy 0 (a filter value: `@` is written `%40`).
pub(super) fn copy_email_query() -> String {
    format!("customer{}%40example.com", grow::label(0))
}

/// Five digits of copy 0's name: a customer search matching few customers.
pub(super) fn search_fragment() -> String {
    grow::label(0).chars().skip(2).collect()
}

/// Reads the copies back: the tenant holds `size` rows, the lists are not empty, copy 0's
/// account and customer read by id (with the template's addresses), the search and the holder
/// filter find rows.
pub(super) fn probe(api: &Api, url: &str, world: &World, size: u64) -> Result<Probe, String> {
    let (accounts, customers) = grow::counts(url, &world.scope)?;
    let listed = (
        api.total("/v1/financial-accounts?size=1")?,
        api.total("/v1/customers?size=1")?,
    );
    if accounts < size || customers < size || listed.0 == 0 || listed.1 == 0 {
        return Err(format!(
            "after growing to {size}: {accounts} accounts, {customers} customers; the lists say {listed:?}"
        ));
    }
    let label = grow::label(0);
    let account_id = api.only_id(&format!("/v1/financial-accounts?name=account%20{label}"))?;
    let account = api.get(&format!("/v1/financial-accounts/{account_id}"))?;
    if account["name"] != format!("Account {label}") {
        return Err(format!("copied account reads back as {account}"));
    }
    let customer_id = api.only_id(&format!(
        "/v1/customers?primaryEmail={}",
        copy_email_query()
    ))?;
    let customer = api.get(&format!("/v1/customers/{customer_id}"))?;
    if customer["addresses"].as_array().map(Vec::len) != Some(world.addresses) {
        return Err(format!("copied customer reads back as {customer}"));
    }
    for path in [
        format!("/v1/customers?search={}", search_fragment()),
        format!("/v1/financial-accounts?accountHolderId={}", world.minority),
    ] {
        if api.total(&path)? == 0 {
            return Err(format!("GET {path} finds nothing after growing to {size}"));
        }
    }
    Ok(Probe {
        accounts,
        customers,
        listed,
        account_id,
    })
}

/// Copies written so far (the next copy numbers).
#[derive(Default)]
pub(super) struct Copies {
    pub(super) customers: u64,
    pub(super) accounts: u64,
}

/// Grows the tenant to `size` accounts and customers (at least one copy of each the first
/// time); the seconds it took and the schema warnings.
pub(super) fn grow_to(
    url: &str,
    world: &World,
    copies: &mut Copies,
    (size, analyze): (u64, bool),
) -> Result<(f64, Vec<String>), String> {
    let missing =
        |total: u64, written: u64| size.saturating_sub(total).max(u64::from(written == 0));
    let (accounts, customers) = grow::counts(url, &world.scope)?;
    let add_accounts = missing(accounts, copies.accounts);
    let add_customers = missing(customers, copies.customers);
    let growth = Growth {
        customers: copies.customers..copies.customers + add_customers,
        accounts: copies.accounts..copies.accounts + add_accounts,
        base_ms: world.base_ms,
        analyze,
    };
    eprintln!(
        "xtask bench lists: growing to {size}: {add_accounts} accounts, {add_customers} customers"
    );
    let template = Template {
        customer: &world.customer,
        account: &world.account,
        minority_account: &world.minority_account,
    };
    let started = Instant::now();
    let warnings = grow::grow(url, &template, &growth)?;
    copies.customers = growth.customers.end;
    copies.accounts = growth.accounts.end;
    Ok((started.elapsed().as_secs_f64(), warnings))
}
