//! Limit windows over HTTP on an injected clock: a week from Monday midnight Eastern, a month
//! from the 1st, the 23-hour day when the clocks go forward and the 25-hour day when they go
//! back, each filled to its limit at its first instant, refusing one cent at its last and
//! taking the limit again at the next window's first; and usage given back by a reversal.

use crate::on_both_backends;
use crate::support::{Http, TestApp, assert_error};
use crate::transaction_operations::{duplicate, id_of, latest, rails_finish, reverse};
use crate::transactions::{create, send, world};
use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use openkor_domain::clock::Clock;
use reqwest::Method;
use serde_json::{Value, json};

fn eastern() -> TimeZone {
    TimeZone::get("America/New_York").unwrap()
}

/// Midnight Eastern at the start of `date`, in Unix milliseconds.
fn midnight_ms(date: Date) -> i64 {
    date.to_zoned(eastern())
        .unwrap()
        .timestamp()
        .as_millisecond()
}

fn eastern_date(unix_ms: i64) -> Date {
    jiff::Timestamp::from_millisecond(unix_ms)
        .unwrap()
        .to_zoned(eastern())
        .date()
}

fn day_length_h(date: Date) -> i64 {
    (midnight_ms(date.tomorrow().unwrap()) - midnight_ms(date)) / 3_600_000
}

/// The first day on or after `from` that is `hours` long.
fn day_of_length(from: Date, hours: i64) -> Date {
    let mut date = from;
    while day_length_h(date) != hours {
        date = date.tomorrow().unwrap();
    }
    date
}

/// The windows to test, in time order, each after `now_ms`: (limit type, from, to) in Unix ms.
fn windows(now_ms: i64) -> Vec<(&'static str, i64, i64)> {
    let mut monday = eastern_date(now_ms).tomorrow().unwrap();
    while monday.weekday() != jiff::civil::Weekday::Monday {
        monday = monday.tomorrow().unwrap();
    }
    let week_end = monday.checked_add(1.week()).unwrap();
    let mut month = week_end.first_of_month();
    if month < week_end {
        month = month.checked_add(1.month()).unwrap();
    }
    let month_end = month.checked_add(1.month()).unwrap();
    let spring = day_of_length(month_end, 23);
    let fall = day_of_length(spring.tomorrow().unwrap(), 25);
    let window = |kind, from: Date, to: Date| (kind, midnight_ms(from), midnight_ms(to));
    vec![
        window("WEEKLY", monday, week_end),
        window("MONTHLY", month, month_end),
        window("DAILY", spring, spring.tomorrow().unwrap()),
        window("DAILY", fall, fall.tomorrow().unwrap()),
    ]
}

/// Moves the clock to `unix_ms` and returns a fresh token (the old one has expired).
async fn at(app: &TestApp, unix_ms: i64) -> String {
    app.clock.advance_ms(unix_ms - app.clock.now().unix_ms());
    app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret)
        .await
}

/// Sets the account's `tight` limit to 100.00 and the others to 10,000.00.
async fn only(app: &Http, token: &str, account: &str, tight: &str) {
    let limits = app
        .get_json(
            &format!("/v1/limits?scopeId={account}&scopeType=FA_KFA"),
            token,
        )
        .await;
    let body: serde_json::Map<String, Value> = limits
        .as_array()
        .unwrap()
        .iter()
        .map(|limit| {
            let amount = if limit["limitType"] == tight {
                "100.00"
            } else {
                "10000.00"
            };
            (
                limit["id"].as_str().unwrap().to_owned(),
                json!({"amount": amount}),
            )
        })
        .collect();
    let answer = app
        .send(Method::PUT, "/v1/limits", token, Some(&Value::Object(body)))
        .await;
    assert_eq!(answer.status(), 200);
}

async fn utilisation(app: &Http, token: &str, account: &str, limit_type: &str) -> Value {
    let path = format!("/v1/limits/utilisation?scopeId={account}&scopeType=FA_KFA");
    let rows = app.get_json(&path, token).await;
    rows.as_array()
        .unwrap()
        .iter()
        .find(|row| row["limitType"] == limit_type)
        .unwrap()
        .clone()
}

fn unix_ms(text: &Value) -> i64 {
    text.as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond()
}

on_both_backends! {
    async fn weeks_months_and_the_days_the_clocks_change_are_whole_windows(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        create(&app, token, &send(&w.business, &w.internal, "transfer", "900.00")).await;
        let out = |amount: &str| send(&w.internal, &w.business, "transfer", amount);
        let mut days_h = Vec::new();
        for (limit_type, from_ms, to_ms) in windows(app.clock.now().unix_ms()) {
            let token = &at(&app, from_ms).await;
            only(&app, token, &w.internal, limit_type).await;
            create(&app, token, &out("100.00")).await;
            let used = utilisation(&app, token, &w.internal, limit_type).await;
            assert_eq!((unix_ms(&used["fromRange"]), unix_ms(&used["toRange"])), (from_ms, to_ms), "{used}");
            assert_eq!(used["deductionAmount"], json!(100.0));

            let token = &at(&app, to_ms - 1).await;
            let refused = assert_error(app.post("/v1/transactions", token, &out("0.01")).await, 422, "LIMIT_EXCEEDED").await;
            assert!(refused["message"].as_str().unwrap().contains(limit_type), "{refused}");
            let token = &at(&app, to_ms).await;
            create(&app, token, &out("100.00")).await;
            if limit_type == "DAILY" {
                days_h.push((to_ms - from_ms) / 3_600_000);
            }
        }
        assert_eq!(days_h, [23, 25], "the days the clocks go forward and back");
    }

    async fn a_reversal_gives_its_usage_back_when_it_settles(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        create(&app, token, &send(&w.business, &w.internal, "transfer", "500.00")).await;
        only(&app, token, &w.internal, "DAILY").await;
        let day = eastern_date(app.clock.now().unix_ms());
        let spent = create(&app, token, &send(&w.internal, &w.business, "transfer", "100.00")).await;
        assert_error(app.post("/v1/transactions", token, &send(&w.internal, &w.business, "transfer", "0.01")).await, 422, "LIMIT_EXCEEDED").await;
        let reversed = reverse(&app, token, id_of(&spent), &duplicate()).await;
        assert_eq!(reversed.status(), 201);
        let used_that_day = |token: String| {
            let path = format!("/v1/limits/utilisation?scopeId={}&scopeType=FA_KFA&referenceDate={day}", w.internal);
            let app = app.http.clone();
            async move {
                let rows = app.get_json(&path, &token).await;
                rows.as_array().unwrap().iter().find(|row| row["limitType"] == "DAILY").unwrap()["deductionAmount"].clone()
            }
        };
        assert_eq!(used_that_day(token.clone()).await, json!(100.0), "a pending reversal has not given the money back yet");
        let token = rails_finish(&app).await;
        assert_eq!(latest(&app, &token, id_of(&spent)).await, "REVERSED");
        assert_eq!(used_that_day(token).await, json!(0.0));
    }
}
