//! `GET /v1/recipients` against an in-test model: a hundred generated recipients (names with
//! accents, `%` and `_`), some suspended and some deleted, then many random combinations of
//! `state`, `search` and `sort` with every page walked. The model is plain Rust over the created
//! recipients' JSON, following docs/API-DESIGN.md.

use crate::generated::{Rng, random_case, substring, walk};
use crate::on_both_backends;
use crate::typed::{json_of, typed};
use openkor_client::models::{RecipientRequest, RecipientUpdate};
use openkor_client::{Client, RecipientQuery, Sort};
use serde_json::{Value, json};
use std::cmp::Ordering;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const RECIPIENTS: usize = 100;
const QUERIES: usize = 120;
const SEED: u64 = 0x0dec_1913;

const FIRST: [&str; 8] = [
    "Ana",
    "Bo",
    "Élodie",
    "zoë",
    "Ann_Marie",
    "100%Real",
    "Chloé",
    "ana",
];
const LAST: [&str; 6] = ["Silva", "Diaz", "O'Neil", "ÉCLAIR", "smith", "Ruiz"];
const MIDDLE: [&str; 3] = ["Maria", "J", "Ñu"];

/// What the model knows of one recipient.
#[derive(Clone, Debug)]
struct Model {
    id: String,
    created_ms: i64,
    first: String,
    last: String,
    email: String,
    state: String,
    /// What `search` matches: the names and the e-mail, lower-case.
    search_text: String,
}

fn model_of(recipient: &Value) -> Model {
    let text = |field: &str| recipient[field].as_str().unwrap_or_default().to_owned();
    let created = OffsetDateTime::parse(&text("createdAt"), &Rfc3339).unwrap();
    let names: Vec<String> = ["firstName", "middleName", "lastName", "email"]
        .iter()
        .filter_map(|f| recipient[*f].as_str().map(str::to_owned))
        .collect();
    Model {
        id: text("id"),
        created_ms: (created.unix_timestamp_nanos() / 1_000_000) as i64,
        first: text("firstName"),
        last: text("lastName"),
        email: text("email"),
        state: text("state"),
        search_text: names.join(" ").to_lowercase(),
    }
}

async fn populate(api: &Client, rng: &mut Rng) -> Vec<Model> {
    let mut models = Vec::with_capacity(RECIPIENTS);
    for n in 0..RECIPIENTS {
        let mut body = json!({"firstName": rng.pick(&FIRST), "lastName": rng.pick(&LAST),
            "email": format!("{}.{n}@{}.example", rng.pick(&["pay", "Vendor", "x_y"]), rng.pick(&["acme", "Globex"]))});
        if rng.chance(40) {
            body["middleName"] = json!(rng.pick(&MIDDLE));
        }
        let body = typed::<RecipientRequest>(body);
        let mut created = api.create_recipient(&body).await.unwrap();
        if rng.chance(25) {
            let suspend = typed::<RecipientUpdate>(json!({"state": "SUSPENDED"}));
            created = api.update_recipient(&created.id, &suspend).await.unwrap();
        }
        models.push(model_of(&json_of(&created)));
    }
    for _ in 0..10 {
        let gone = models.swap_remove(rng.below(models.len()));
        api.delete_recipient(&gone.id).await.unwrap();
    }
    models
}

/// One sort key the API offers, and how the model orders by it.
fn sort_key(rng: &mut Rng) -> (&'static str, fn(&Model, &Model) -> Ordering) {
    match rng.below(5) {
        0 => ("createdAt", |a, b| a.created_ms.cmp(&b.created_ms)),
        1 => ("firstName", |a, b| lower_cmp(&a.first, &b.first)),
        2 => ("lastName", |a, b| lower_cmp(&a.last, &b.last)),
        3 => ("email", |a, b| lower_cmp(&a.email, &b.email)),
        _ => ("state", |a, b| a.state.cmp(&b.state)),
    }
}

fn lower_cmp(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .into_bytes()
        .cmp(&b.to_lowercase().into_bytes())
}

on_both_backends! {
    async fn every_filter_and_sort_matches_the_model(app: TestApp) {
        let mut rng = Rng(SEED);
        let api = app.api(&app.bootstrap);
        let models = populate(&api, &mut rng).await;
        let mut nonempty = 0;
        for n in 0..QUERIES {
            let mut query = RecipientQuery::default();
            let mut expected: Vec<&Model> = models.iter().collect();
            if rng.chance(40) {
                let state = *rng.pick(&["ACTIVE", "SUSPENDED"]);
                query.state = Some(state.to_owned());
                expected.retain(|m| m.state == state);
            }
            if rng.chance(60) {
                let sample = rng.pick(&models).clone();
                let source = if rng.chance(30) { sample.email.clone() } else { sample.search_text.clone() };
                let len = 1 + rng.below(5);
                // A blank term is refused (400); the model sends none.
                let term = substring(&mut rng, &source, len).to_lowercase();
                if !term.trim().is_empty() {
                    query.search = Some(random_case(&mut rng, &term));
                    expected.retain(|m| m.search_text.contains(&term));
                }
            }
            let (field, order) = sort_key(&mut rng);
            let descending = rng.chance(50);
            query.paging.sort = vec![if descending { Sort::desc(field) } else { Sort::asc(field) }];
            expected.sort_by(|a, b| {
                let by = order(a, b).then_with(|| a.id.cmp(&b.id));
                if descending { by.reverse() } else { by }
            });
            let expected: Vec<String> = expected.into_iter().map(|m| m.id.clone()).collect();
            nonempty += usize::from(!expected.is_empty());
            let size = 5 + rng.below(25);
            let actual = walk(query.clone(), size, |q| {
                let api = &api;
                async move { api.list_recipients(&q).await }
            })
            .await;
            assert_eq!(actual, expected, "query #{n} (seed {SEED:#x}): {query:?}");
        }
        assert!(nonempty > QUERIES / 2, "most queries should select something ({nonempty})");
    }
}
