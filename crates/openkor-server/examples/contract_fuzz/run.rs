//! The request loop: pick an operation, build its request from the document, send it, check
//! the response against the document, keep the ids it returned.

use crate::generate::{Generator, Rng};
use crate::pools::Pools;
use crate::target::Server;
use openkor_testkit::contract::{Contract, ObservedResponse, Operation, Violation};
use reqwest::Method;
use serde_json::Value;

/// What one request got.
pub struct Exchange {
    /// The operation's id.
    pub operation: String,
    /// The response status (0 when the request itself failed).
    pub status: u16,
    /// Whether the body was deliberately broken.
    pub broken: bool,
}

/// Everything a run saw.
pub struct Outcome {
    /// Each request, in order.
    pub exchanges: Vec<Exchange>,
    /// Responses the document does not describe.
    pub violations: Vec<Violation>,
    /// Why the run could not start, if it could not.
    pub setup_error: Option<String>,
}

/// One request about to be sent.
struct Planned {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    broken: bool,
}

/// Sends `requests` requests built from the server's document, from `seed`.
pub async fn run(server: &Server, requests: usize, seed: u64) -> Outcome {
    let mut outcome = Outcome {
        exchanges: Vec::new(),
        violations: Vec::new(),
        setup_error: None,
    };
    let (Some(token), Some(document)) = (server.token().await, document(server).await) else {
        outcome.setup_error = Some("no token or no /openapi.json".to_owned());
        return outcome;
    };
    let contract = Contract::new(document);
    let mut rng = Rng::new(seed);
    let mut pools = Pools::default();
    let weighted = weighted_operations(&contract);
    for _ in 0..requests {
        let Some(&index) = rng.pick(&weighted) else {
            break;
        };
        let Some(operation) = contract.operations().get(index) else {
            break;
        };
        let planned = plan(&contract, operation, &pools, &mut rng);
        let exchange = send(server, &token, planned, &contract, operation, &mut pools).await;
        match exchange {
            Ok(exchange) => outcome.exchanges.push(exchange),
            Err((exchange, violation)) => {
                outcome.exchanges.push(exchange);
                outcome.violations.push(violation);
            }
        }
    }
    outcome
}

async fn document(server: &Server) -> Option<Value> {
    let url = format!("{}/openapi.json", server.base_url);
    server.client.get(url).send().await.ok()?.json().await.ok()
}

/// Operation indexes, creates four times over and reads twice, so objects accumulate.
fn weighted_operations(contract: &Contract) -> Vec<usize> {
    let mut weighted = Vec::new();
    for (index, operation) in contract.operations().iter().enumerate() {
        let weight = match operation.method.as_str() {
            "POST" => 4,
            "GET" => 2,
            _ => 1,
        };
        weighted.extend(std::iter::repeat_n(index, weight));
    }
    weighted
}

fn plan(contract: &Contract, operation: &Operation, pools: &Pools, rng: &mut Rng) -> Planned {
    let document = contract.document();
    let mut path = operation.template.clone();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let parameters = document
        .pointer(&format!("{}/parameters", operation.pointer))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for parameter in &parameters {
        let name = parameter["name"].as_str().unwrap_or_default();
        let schema = parameter.get("schema").cloned().unwrap_or(Value::Null);
        match parameter["in"].as_str() {
            Some("path") => {
                let value = if name == "businessAccountId" && !pools.knows(name) {
                    // The caller's own, until other Business Accounts are known.
                    "self".to_owned()
                } else {
                    text(&Generator::new(document, pools, rng).value(&schema, name))
                };
                path = path.replace(&format!("{{{name}}}"), &value);
            }
            Some("query") if rng.chance(25) => {
                let value = Generator::new(document, pools, rng).value(&schema, name);
                query.push((name.to_owned(), text(&value)));
            }
            Some("header") if rng.chance(50) => headers.push((name.to_owned(), rng.uuid())),
            _ => {}
        }
    }
    let body_schema = contract.request_body_schema(operation);
    let mut broken = false;
    let body = body_schema.map(|schema| {
        let mut generator = Generator::new(document, pools, rng);
        let mut body = generator.value(schema, "");
        if rng.chance(10) {
            broken = break_one_field(document, schema, &mut body, pools, rng);
        }
        body
    });
    Planned {
        method: operation.method.parse().unwrap_or(Method::GET),
        path,
        query,
        headers,
        body,
        broken,
    }
}

/// Breaks one field of an object body: removes it or gives it a wrong value.
fn break_one_field(
    document: &Value,
    schema: &Value,
    body: &mut Value,
    pools: &Pools,
    rng: &mut Rng,
) -> bool {
    let Some(fields) = body.as_object_mut() else {
        return false;
    };
    let keys: Vec<String> = fields.keys().cloned().collect();
    let Some(key) = rng.pick(&keys).cloned() else {
        return false;
    };
    if rng.chance(50) {
        fields.remove(&key);
    } else {
        let mut generator = Generator::new(document, pools, rng);
        fields.insert(key, generator.broken(schema));
    }
    true
}

async fn send(
    server: &Server,
    token: &str,
    planned: Planned,
    contract: &Contract,
    operation: &Operation,
    pools: &mut Pools,
) -> Result<Exchange, (Exchange, Violation)> {
    let path = path_with_query(&planned.path, &planned.query);
    let url = format!("{}{path}", server.base_url);
    let mut request = server.client.request(planned.method.clone(), url);
    request = if operation.id == "exchange" {
        request.basic_auth(&server.api_key, Some(&server.api_secret))
    } else {
        request.bearer_auth(token)
    };
    for (name, value) in &planned.headers {
        request = request.header(name, value);
    }
    if let Some(body) = &planned.body {
        request = request.json(body);
    }
    let mut exchange = Exchange {
        operation: operation.id.clone(),
        status: 0,
        broken: planned.broken,
    };
    let failed = |exchange, reason: String| {
        let request = format!("{} {}", planned.method, planned.path);
        Err((exchange, Violation { request, reason }))
    };
    let response = match request.send().await {
        Ok(response) => response,
        Err(error) => return failed(exchange, format!("no response: {error}")),
    };
    exchange.status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match response.bytes().await {
        Ok(body) => body,
        Err(error) => return failed(exchange, format!("no body: {error}")),
    };
    let observed = ObservedResponse {
        status: exchange.status,
        content_type: content_type.as_deref(),
        body: &body,
    };
    if std::env::var("OPENKOR_FUZZ_SHOW").is_ok_and(|shown| shown == operation.id) {
        eprintln!(
            "{} {path} {}\n  -> {} {}",
            planned.method,
            planned
                .body
                .as_ref()
                .map(Value::to_string)
                .unwrap_or_default(),
            exchange.status,
            String::from_utf8_lossy(&body)
        );
    }
    if let Err(violation) = contract.check_response(planned.method.as_str(), &path, observed) {
        return Err((exchange, violation));
    }
    if (200..300).contains(&exchange.status)
        && let Ok(json) = serde_json::from_slice::<Value>(&body)
    {
        pools.harvest(&operation.template, &json);
    }
    Ok(exchange)
}

fn path_with_query(path: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query)
            .finish();
        format!("{path}?{encoded}")
    }
}

/// A generated value as it goes in a path or query: strings as they are, lists joined with
/// commas, anything else as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}
