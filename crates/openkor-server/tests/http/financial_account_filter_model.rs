//! `GET /v1/financial-accounts` and `GET /v1/customers/{id}/financial-accounts` against an
//! in-test model: a few hundred generated accounts of every category (internal under both
//! business accounts, external banks and cards, integrated), defaults moving between accounts,
//! suspensions and deletions, then many random filter combinations with every page walked.
//! The model is plain Rust over the created accounts' JSON, following docs/API-DESIGN.md.

use crate::customers::sarah;
use crate::financial_account_fixtures::{
    bank_today, business_accounts, card_request, integrated_request,
};
use crate::generated::{Rng, random_case, substring, walk};
use crate::on_both_backends;
use crate::support::TestApp;
use crate::typed::{json_of, typed};
use openkor_client::models::{CustomerRequest, FinancialAccount};
use openkor_client::{Client, CustomerFinancialAccountQuery, FinancialAccountQuery, Sort};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const ACCOUNTS: usize = 300;
const CUSTOMERS: usize = 16;
const QUERIES: usize = 150;
const SEED: u64 = 0xfa_0fc0_ffee;

const NAMES: [&str; 10] = [
    "Everyday",
    "Savings",
    "Rainy Day",
    "Épargne",
    "travel 100%",
    "Joint_Account",
    "ÉPARGNE plus",
    "Debit Card",
    "Checking",
    "zeta",
];

/// What the model knows of one account.
#[derive(Clone, Debug)]
struct Model {
    id: String,
    created_ms: i64,
    holder_type: String,
    /// `None` for business Financial Accounts.
    holder_id: Option<String>,
    category: String,
    account_type: String,
    state: String,
    name: String,
    default_flag: bool,
    parent_id: Option<String>,
}

fn model_of(account: &Value) -> Model {
    let text = |field: &str| account[field].as_str().unwrap().to_owned();
    let optional = |field: &str| account[field].as_str().map(str::to_owned);
    let created = OffsetDateTime::parse(account["createdAt"].as_str().unwrap(), &Rfc3339).unwrap();
    Model {
        id: text("id"),
        created_ms: (created.unix_timestamp_nanos() / 1_000_000) as i64,
        // Business Financial Accounts omit their holder fields (docs/API-DESIGN.md).
        holder_type: optional("accountHolderType").unwrap_or_else(|| "BUSINESS_ACCOUNT".into()),
        holder_id: optional("accountHolderId"),
        category: text("category"),
        account_type: text("type"),
        state: text("state"),
        name: text("name").to_lowercase(),
        default_flag: account["defaultFlag"].as_bool().unwrap(),
        parent_id: optional("parentId"),
    }
}

/// A 16-digit card number that passes the Luhn check, unique per `serial`.
fn card_number(serial: usize) -> String {
    let payload = format!("4{serial:014}");
    let sum: u32 = payload
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let digit = u32::from(b - b'0');
            match (i % 2 == 0, digit * 2) {
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
                (false, _) => digit,
            }
        })
        .sum();
    format!("{payload}{}", (10 - sum % 10) % 10)
}

/// The kinds of account creation, each its own operation.
#[derive(Clone, Copy)]
enum Kind {
    Internal,
    ExternalBank,
    ExternalCard,
    Integrated,
}

/// The kind and body of one random account creation for `holder`.
fn creation(rng: &mut Rng, serial: usize, holder: &str, parents: &[String; 2]) -> (Kind, Value) {
    let (kind, mut body) = match rng.below(4) {
        0 => (
            Kind::Internal,
            json!({"parentId": rng.pick(parents), "accountHolderId": holder,
            "accountHolderType": "CUSTOMER", "subtype": if rng.chance(50) { "CHECKING" } else { "SAVING" }}),
        ),
        // Today's billing address spelling, which is all the typed client writes (the older
        // spellings are accepted elsewhere: this test is about lists).
        1 => (
            Kind::ExternalBank,
            bank_today(holder, &format!("8{serial:07}")),
        ),
        2 => (
            Kind::ExternalCard,
            card_request(holder, &card_number(serial)),
        ),
        _ => (Kind::Integrated, integrated_request(holder)),
    };
    body["name"] = json!(rng.pick(&NAMES));
    if rng.chance(30) {
        body["defaultFlag"] = json!(true);
    }
    (kind, body)
}

/// Creates the account `body` describes with the operation of its `kind`.
async fn create(api: &Client, kind: Kind, body: Value) -> FinancialAccount {
    let created = match kind {
        Kind::Internal => api.create_internal(&typed(body)).await,
        Kind::ExternalBank => api.create_external_bank(&typed(body)).await,
        Kind::ExternalCard => api.create_external_card(&typed(body)).await,
        Kind::Integrated => api.create_integrated_bank(&typed(body)).await,
    };
    created.unwrap()
}

/// Creates the accounts, suspends and deletes some, and returns the model of what is left.
async fn populate(
    app: &TestApp,
    api: &Client,
    rng: &mut Rng,
    business_id: &str,
) -> (Vec<Model>, Vec<String>) {
    let (usd, cad) = business_accounts(app, &api.access_token().await.unwrap()).await;
    let mut models: Vec<Model> = Vec::new();
    for business in [&usd, &cad] {
        let account = api.get_financial_account(business, None).await.unwrap();
        models.push(model_of(&json_of(&account)));
    }
    assert!(
        models
            .iter()
            .all(|m| m.holder_id.is_none() && m.holder_type == "BUSINESS_ACCOUNT")
    );
    let mut customers = Vec::new();
    for _ in 0..CUSTOMERS {
        let body = typed::<CustomerRequest>(sarah());
        let created = api.create_customer(&body).await.unwrap();
        customers.push(created.id().to_owned());
    }
    let parents = [usd, cad];
    for serial in 0..ACCOUNTS {
        if rng.chance(90) {
            app.clock
                .advance_ms((rng.below(90) * 1_000 + rng.below(1_000)) as i64);
        }
        // The clock moves further than a token lives: the client exchanges a new one.
        let holder = rng.pick(&customers).clone();
        let (kind, body) = creation(rng, serial, &holder, &parents);
        let created = json_of(&create(api, kind, body.clone()).await);
        let model = model_of(&created);
        assert_eq!(model.default_flag, body["defaultFlag"] == true, "{created}");
        if model.default_flag {
            for other in models
                .iter_mut()
                .filter(|m| m.holder_id.as_deref() == Some(holder.as_str()))
            {
                other.default_flag = false;
            }
        }
        models.push(model);
    }
    let mut kept = Vec::new();
    for mut model in std::mem::take(&mut models) {
        if model.holder_id.is_none() || rng.chance(80) {
            kept.push(model);
        } else if rng.chance(75) {
            let suspended = api.suspend_financial_account(&model.id, None).await;
            suspended.unwrap();
            model.state = "SUSPENDED".into();
            kept.push(model);
        } else {
            api.delete_financial_account(&model.id).await.unwrap();
        }
    }
    let gone = customers.pop().unwrap();
    api.delete_customer(&gone).await.unwrap();
    kept.retain(|m| m.holder_id.as_deref() != Some(gone.as_str()));
    for suspended in &customers[..2] {
        api.suspend_customer(suspended).await.unwrap();
    }
    customers.push(business_id.to_owned());
    (kept, customers)
}

/// A condition the model checks one account against.
type Check = Box<dyn Fn(&Model) -> bool>;

/// One query: its parameters (of the general list; only `type`, `state` and paging for one
/// customer's) and the predicates the model applies.
#[derive(Default)]
struct Query {
    params: FinancialAccountQuery,
    checks: Vec<Check>,
}

/// Filter kinds: holder types, holder id, categories, name, default, parent, type, state.
const FILTER_KINDS: usize = 8;

/// `type` and `state`, the only filters of the per-customer list.
fn add_type_or_state(rng: &mut Rng, kind: usize, query: &mut Query) {
    if kind == 6 {
        let kind = *rng.pick(&["BANK", "CARD"]);
        query.params.account_type = Some(kind.to_owned());
        query
            .checks
            .push(Box::new(move |m: &Model| m.account_type == kind));
    } else {
        let state = *rng.pick(&["ACTIVE", "SUSPENDED", "PENDING"]);
        query.params.state = Some(state.to_owned());
        query
            .checks
            .push(Box::new(move |m: &Model| m.state == state));
    }
}

fn add_filter(rng: &mut Rng, kind: usize, query: &mut Query, models: &[Model], holders: &[String]) {
    let sample = rng.pick(models).clone();
    match kind {
        0 => {
            let types = rng.subset(&["CUSTOMER", "BUSINESS_ACCOUNT", "RECIPIENT"]);
            query.params.account_holder_types = Some(types.join(","));
            query.checks.push(Box::new(move |m: &Model| {
                types.contains(&m.holder_type.as_str())
            }));
        }
        1 => {
            let business = holders.last().unwrap().clone();
            let holder = match rng.below(10) {
                0..=2 => business.clone(),
                3..=8 => rng.pick(holders).clone(),
                _ => uuid::Uuid::new_v4().to_string(),
            };
            query.params.account_holder_id = Some(holder.clone());
            query
                .checks
                .push(Box::new(move |m: &Model| match &m.holder_id {
                    Some(id) => *id == holder,
                    None => holder == business,
                }));
        }
        2 => {
            let categories = rng.subset(&["INTERNAL", "EXTERNAL", "INTEGRATED"]);
            query.params.categories = Some(categories.join(","));
            query.checks.push(Box::new(move |m: &Model| {
                categories.contains(&m.category.as_str())
            }));
        }
        3 => {
            let len = 1 + rng.below(4);
            let part = substring(rng, &sample.name, len);
            query.params.name = Some(random_case(rng, &part));
            query
                .checks
                .push(Box::new(move |m: &Model| m.name.contains(&part)));
        }
        4 => {
            let flag = rng.chance(50);
            query.params.default_flag = Some(flag);
            query
                .checks
                .push(Box::new(move |m: &Model| m.default_flag == flag));
        }
        5 => {
            let parent = sample
                .parent_id
                .clone()
                .unwrap_or_else(|| sample.id.clone());
            query.params.parent_id = Some(parent.clone());
            query.checks.push(Box::new(move |m: &Model| {
                m.parent_id.as_deref() == Some(parent.as_str())
            }));
        }
        _ => add_type_or_state(rng, kind, query),
    }
}

/// A random query of the general list (`None`), or of one customer's list (that customer).
fn random_query(rng: &mut Rng, models: &[Model], holders: &[String]) -> (Option<String>, Query) {
    let mut query = Query::default();
    if rng.chance(20) {
        let customer = rng.pick(&holders[..holders.len() - 1]).clone();
        for kind in [6, 7] {
            if rng.chance(50) {
                add_type_or_state(rng, kind, &mut query);
            }
        }
        let of = customer.clone();
        query.checks.push(Box::new(move |m: &Model| {
            m.holder_id.as_deref() == Some(of.as_str())
        }));
        return (Some(customer), query);
    }
    let mut kinds: Vec<usize> = (0..FILTER_KINDS).collect();
    let count = if rng.chance(10) { 0 } else { 1 + rng.below(3) };
    for _ in 0..count {
        let kind = kinds.swap_remove(rng.below(kinds.len()));
        add_filter(rng, kind, &mut query, models, holders);
    }
    (None, query)
}

on_both_backends! {
    async fn every_filter_combination_matches_the_model(app: TestApp) {
        let mut rng = Rng(SEED);
        let business_id = app.bootstrap.id.clone();
        let api = app.api(&app.bootstrap);
        let (models, holders) = populate(&app, &api, &mut rng, &business_id).await;
        let mut nonempty = 0;
        for n in 0..QUERIES {
            let (customer, mut query) = random_query(&mut rng, &models, &holders);
            let by_name = rng.chance(30);
            let mut expected: Vec<&Model> = models.iter().filter(|m| query.checks.iter().all(|check| check(m))).collect();
            if by_name {
                expected.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()).then(a.id.cmp(&b.id)));
                query.params.paging.sort = vec![Sort::asc("name")];
            } else {
                expected.sort_by(|a, b| b.created_ms.cmp(&a.created_ms).then(b.id.cmp(&a.id)));
            }
            let expected: Vec<String> = expected.into_iter().map(|m| m.id.clone()).collect();
            nonempty += usize::from(!expected.is_empty());
            let size = 7 + rng.below(30);
            let params = query.params;
            let actual = match &customer {
                None => walk(params.clone(), size, |q| {
                    let api = &api;
                    async move { api.list_financial_accounts(&q).await }
                })
                .await,
                Some(customer) => {
                    let of_customer = CustomerFinancialAccountQuery {
                        account_type: params.account_type.clone(),
                        state: params.state.clone(),
                        paging: params.paging.clone(),
                    };
                    walk(of_customer, size, |q| {
                        let api = &api;
                        async move { api.list_customer_financial_accounts(customer, &q).await }
                    })
                    .await
                }
            };
            assert_eq!(actual, expected, "query #{n} (seed {SEED:#x}): customer {customer:?}, {params:?}");
        }
        assert!(nonempty > QUERIES / 2, "most queries should select something ({nonempty})");
    }
}
