//! `GET /v1/customers` against a simple in-test model: a few hundred generated customers, many
//! random filter combinations, every page walked. The model is written independently of the
//! server (plain Rust over the created customers' JSON), following docs/API-DESIGN.md.

use crate::generated::{Rng, random_case, substring, walk};
use crate::on_both_backends;
use crate::typed::{json_of, typed};
use openkor_client::models::CustomerRequest;
use openkor_client::{CustomerQuery, Sort};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

const CUSTOMERS: usize = 300;
const QUERIES: usize = 120;
const SEED: u64 = 0x5eed_0fc0_ffee;

const FIRST: [&str; 10] = [
    "Sarah", "Sam", "Samuel", "Ada", "Grace", "Alan", "Émile", "O'Neil", "Zoë", "Li",
];
const LAST: [&str; 8] = [
    "Green", "Greene", "Hopper", "Lovelace", "Turing", "Smith", "Müller", "Ng",
];
const BUSINESSES: [&str; 8] = [
    "ACME",
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark 100%",
    "Wayne_Ent",
];
const DOMAINS: [&str; 3] = ["abc.com", "Example.org", "mail.com"];
/// (city, state, country, zip)
const PLACES: [(&str, Option<&str>, &str, &str); 5] = [
    ("Boston", Some("MA"), "USA", "02110"),
    ("Greenville", Some("MO"), "USA", "63368"),
    ("Toronto", Some("ON"), "CAN", "M5V 1J2"),
    ("Paris", None, "FRA", "75001"),
    ("boston", Some("MA"), "USA", "02115"),
];
const ZONES: [(&str, i8, i8); 4] = [
    ("UTC", 0, 0),
    ("+05:30", 5, 30),
    ("-08:00", -8, 0),
    ("+14", 14, 0),
];

/// What the model knows of one customer.
#[derive(Clone, Debug)]
struct Model {
    id: String,
    created_ms: i64,
    customer_type: String,
    status: String,
    name: String,
    email: String,
    phone: String,
    external_id: Option<String>,
    /// (city lower-case, country, zip lower-case)
    addresses: Vec<(String, String, String)>,
}

fn generate(rng: &mut Rng, i: usize) -> Value {
    let phone = format!("+1415555{:04}", rng.below(10_000));
    let email = |rng: &mut Rng, local: &str| format!("{}.{i}@{}", local, rng.pick(&DOMAINS));
    let mut body = if rng.chance(70) {
        let first = *rng.pick(&FIRST);
        let mut person = json!({"type": "INDIVIDUAL", "firstName": first, "lastName": rng.pick(&LAST),
            "primaryPhoneNumber": {"number": phone, "type": "MOBILE"},
            "primaryEmail": {"value": email(rng, &first.chars().filter(char::is_ascii_alphabetic).collect::<String>())}});
        if rng.chance(30) {
            person["middleName"] = json!(rng.pick(&FIRST));
        }
        person
    } else {
        let name = *rng.pick(&BUSINESSES);
        json!({"type": "BUSINESS", "businessName": name, "contacts": [{"firstName": "Pat", "lastName": "Lee",
            "primary": true, "primaryPhoneNumber": {"number": phone, "type": "WORK"},
            "primaryEmail": {"value": email(rng, "Pat")}}]})
    };
    if rng.chance(50) {
        body["externalId"] = json!(format!("ext-{i}"));
    }
    let addresses: Vec<Value> = (0..rng.below(3))
        .map(|_| {
            let (city, state, country, zip) = *rng.pick(&PLACES);
            let mut address = json!({"type": if rng.chance(50) { "MAILING" } else { "PHYSICAL" },
                "streetLine1": "1 Main St", "cityName": city, "countryCode": country, "zipCode": zip});
            if let Some(state) = state {
                address["stateCode"] = json!(state);
            }
            address
        })
        .collect();
    body["addresses"] = json!(addresses);
    body
}

fn model_of(customer: &Value) -> Model {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let individual = customer["type"] == "INDIVIDUAL";
    let (name, email, phone) = if individual {
        let mut parts = vec![text(&customer["firstName"])];
        if let Some(middle) = customer["middleName"].as_str() {
            parts.push(middle.to_owned());
        }
        parts.push(text(&customer["lastName"]));
        (
            parts.join(" "),
            text(&customer["primaryEmail"]["value"]),
            text(&customer["primaryPhoneNumber"]["number"]),
        )
    } else {
        let contact = &customer["contacts"][0];
        (
            text(&customer["businessName"]),
            text(&contact["primaryEmail"]["value"]),
            text(&contact["primaryPhoneNumber"]["number"]),
        )
    };
    let created = OffsetDateTime::parse(customer["createdAt"].as_str().unwrap(), &Rfc3339).unwrap();
    Model {
        id: text(&customer["id"]),
        created_ms: (created.unix_timestamp_nanos() / 1_000_000) as i64,
        customer_type: text(&customer["type"]),
        status: text(&customer["status"]),
        name: name.to_lowercase(),
        email: email.to_lowercase(),
        phone,
        external_id: customer["externalId"].as_str().map(str::to_owned),
        addresses: customer["addresses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    text(&a["cityName"]).to_lowercase(),
                    text(&a["countryCode"]),
                    text(&a["zipCode"]).to_lowercase(),
                )
            })
            .collect(),
    }
}

/// A condition the model checks one customer against.
type Check = Box<dyn Fn(&Model) -> bool>;

/// One query: its parameters and the predicate the model applies.
struct Query {
    params: CustomerQuery,
    checks: Vec<Check>,
}

fn day_start_ms(date: Date, hours: i8, minutes: i8) -> i64 {
    let offset = UtcOffset::from_hms(hours, if hours < 0 { -minutes } else { minutes }, 0).unwrap();
    PrimitiveDateTime::new(date, Time::MIDNIGHT)
        .assume_offset(offset)
        .unix_timestamp()
        * 1000
}

/// Filter kinds: search, name, e-mail, phone, external id, type, status, dates, address.
const FILTER_KINDS: usize = 9;

fn add_filter(rng: &mut Rng, kind: usize, query: &mut Query, models: &[Model]) {
    let sample = rng.pick(models).clone();
    match kind {
        0 => {
            let term = match rng.below(4) {
                0 => {
                    let part = substring(rng, &sample.name, 3);
                    random_case(rng, &part)
                }
                1 => substring(rng, &sample.email, 5),
                2 => substring(rng, &sample.phone[1..], 4),
                _ => sample.id.clone(),
            };
            query.params.search = Some(term.clone());
            let lower = term.to_lowercase();
            let digits: String = term.chars().filter(char::is_ascii_digit).collect();
            let phone_like = !digits.is_empty()
                && term
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-().".contains(c));
            query.checks.push(Box::new(move |m: &Model| {
                m.name.contains(&lower)
                    || m.email.contains(&lower)
                    || (phone_like && m.phone.contains(&digits))
                    || m.id == lower
            }));
        }
        1 => {
            let part = substring(rng, &sample.name, 4).to_uppercase();
            query.params.name = Some(part.clone());
            let lower = part.to_lowercase();
            query
                .checks
                .push(Box::new(move |m: &Model| m.name.contains(&lower)));
        }
        2 => {
            query.params.primary_email = Some(random_case(rng, &sample.email));
            query
                .checks
                .push(Box::new(move |m: &Model| m.email == sample.email));
        }
        3 => {
            query.params.primary_phone_number = Some(sample.phone[1..].to_owned());
            query
                .checks
                .push(Box::new(move |m: &Model| m.phone == sample.phone));
        }
        4 => {
            let id = sample
                .external_id
                .clone()
                .unwrap_or_else(|| "ext-none".into());
            query.params.external_id = Some(id.clone());
            query.checks.push(Box::new(move |m: &Model| {
                m.external_id.as_deref() == Some(id.as_str())
            }));
        }
        5 => {
            let kind = if rng.chance(50) {
                "INDIVIDUAL"
            } else {
                "BUSINESS"
            };
            query.params.customer_type = Some(kind.to_owned());
            query
                .checks
                .push(Box::new(move |m: &Model| m.customer_type == kind));
        }
        6 => {
            let status = if rng.chance(50) {
                "ACTIVE"
            } else {
                "SUSPENDED"
            };
            query.params.status = Some(status.to_owned());
            query
                .checks
                .push(Box::new(move |m: &Model| m.status == status));
        }
        7 => {
            let (zone, hours, minutes) = *rng.pick(&ZONES);
            let base = OffsetDateTime::from_unix_timestamp(sample.created_ms / 1000)
                .unwrap()
                .date();
            let from = base.saturating_sub(time::Duration::days(rng.below(20) as i64));
            let to = from.saturating_add(time::Duration::days(rng.below(30) as i64));
            query.params.created_at_from = Some(from.to_string());
            query.params.created_at_to = Some(to.to_string());
            query.params.time_zone = Some(zone.to_owned());
            let start = day_start_ms(from, hours, minutes);
            let end = day_start_ms(to.next_day().unwrap(), hours, minutes);
            query.checks.push(Box::new(move |m: &Model| {
                m.created_ms >= start && m.created_ms < end
            }));
        }
        _ => {
            let (city, _, country, zip) = *rng.pick(&PLACES);
            let (city, zip) = (city.to_lowercase(), zip.to_lowercase());
            let use_city = rng.chance(60);
            let use_country = rng.chance(50);
            let use_zip = !use_city && !use_country || rng.chance(30);
            if use_city {
                query.params.city_name = Some(random_case(rng, &city));
            }
            if use_country {
                query.params.country_code = Some(country.to_owned());
            }
            if use_zip {
                query.params.zip_code = Some(zip.to_uppercase());
            }
            query.checks.push(Box::new(move |m: &Model| {
                m.addresses.iter().any(|(c, k, z)| {
                    (!use_city || *c == city)
                        && (!use_country || *k == country)
                        && (!use_zip || *z == zip)
                })
            }));
        }
    }
}

on_both_backends! {
    async fn every_filter_combination_matches_the_model(app: TestApp) {
        let mut rng = Rng(SEED);
        // The clock moves further than a token lives: the client exchanges a new one.
        let api = app.api(&app.bootstrap);
        let mut models = Vec::with_capacity(CUSTOMERS);
        for i in 0..CUSTOMERS {
            app.clock.advance_ms((rng.below(20 * 3_600) * 1_000) as i64);
            let body = typed::<CustomerRequest>(generate(&mut rng, i));
            let mut customer = api.create_customer(&body).await.unwrap();
            if rng.chance(20) {
                customer = api.suspend_customer(customer.id()).await.unwrap();
            }
            models.push(model_of(&json_of(&customer)));
        }
        let mut nonempty = 0;
        for n in 0..QUERIES {
            let mut query = Query { params: CustomerQuery::default(), checks: Vec::new() };
            let mut kinds: Vec<usize> = (0..FILTER_KINDS).collect();
            for _ in 0..=rng.below(3) {
                let kind = kinds.swap_remove(rng.below(kinds.len()));
                add_filter(&mut rng, kind, &mut query, &models);
            }
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
            let actual = walk(params.clone(), size, |q| {
                let api = &api;
                async move { api.list_customers(&q).await }
            })
            .await;
            assert_eq!(actual, expected, "query #{n} (seed {SEED:#x}): {params:?}");
        }
        assert!(nonempty > QUERIES / 3, "most queries should select something ({nonempty})");
    }
}
