//! Limit windows over HTTP on an injected clock: a week from Monday midnight Eastern, a month
//! from the 1st, the 23-hour day when the clocks go forward and the 25-hour day when they go
//! back, each filled to its limit at its first instant, refusing one cent at its last and
//! taking the limit again at the next window's first; and usage given back by a reversal.

use crate::on_both_backends;
use crate::support::TestApp;
use crate::transaction_operations::{duplicate, rails_finish};
use crate::transactions::{send, submit, world};
use crate::typed::{json_of, refused, typed};
use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use openkor_client::models::{LimitUpdate, Utilisation};
use openkor_client::{Client, LimitScope};
use openkor_domain::clock::Clock;
use serde_json::json;
use std::collections::BTreeMap;

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

/// Moves the clock to `unix_ms` (the typed client exchanges a new token itself once the old
/// one has expired).
fn at(app: &TestApp, unix_ms: i64) {
    app.clock.advance_ms(unix_ms - app.clock.now().unix_ms());
}

/// Sets the account's `tight` limit to 100.00 and the others to 10,000.00.
async fn only(api: &Client, account: &str, tight: &str) {
    let limits = api
        .list_limits(&LimitScope::financial_account(account))
        .await
        .unwrap();
    let body: BTreeMap<String, LimitUpdate> = limits
        .into_iter()
        .map(|limit| {
            let amount = if limit.limit_type == tight {
                "100.00"
            } else {
                "10000.00"
            };
            let update = LimitUpdate {
                amount: Some(amount.into()),
            };
            (limit.id, update)
        })
        .collect();
    api.update_limits(&body).await.unwrap();
}

/// The utilisation row of the account's `limit_type` limit on `reference_date` (default today).
async fn utilisation(
    api: &Client,
    account: &str,
    limit_type: &str,
    reference_date: Option<&str>,
) -> Utilisation {
    let scope = LimitScope::financial_account(account);
    let rows = api.utilisation(&scope, reference_date).await.unwrap();
    rows.into_iter()
        .find(|row| row.limit_type == limit_type)
        .unwrap()
}

fn unix_ms(text: &str) -> i64 {
    text.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

async fn latest(api: &Client, id: &str) -> String {
    api.get_transaction(id, None)
        .await
        .unwrap()
        .latest_status
        .status
}

on_both_backends! {
    async fn weeks_months_and_the_days_the_clocks_change_are_whole_windows(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "1000.00").await;
        submit(&api, send(&w.business, &w.internal, "transfer", "900.00")).await.unwrap();
        let out = |amount: &str| send(&w.internal, &w.business, "transfer", amount);
        let mut days_h = Vec::new();
        for (limit_type, from_ms, to_ms) in windows(app.clock.now().unix_ms()) {
            at(&app, from_ms);
            only(&api, &w.internal, limit_type).await;
            submit(&api, out("100.00")).await.unwrap();
            let used = utilisation(&api, &w.internal, limit_type, None).await;
            assert_eq!((unix_ms(&used.from_range), unix_ms(&used.to_range)), (from_ms, to_ms), "{used:?}");
            assert_eq!(json_of(&used.deduction_amount), json!(100.0));

            at(&app, to_ms - 1);
            let error = refused(submit(&api, out("0.01")).await, 422, "LIMIT_EXCEEDED");
            assert!(error.message.contains(limit_type), "{error:?}");
            at(&app, to_ms);
            submit(&api, out("100.00")).await.unwrap();
            if limit_type == "DAILY" {
                days_h.push((to_ms - from_ms) / 3_600_000);
            }
        }
        assert_eq!(days_h, [23, 25], "the days the clocks go forward and back");
    }

    async fn a_reversal_gives_its_usage_back_when_it_settles(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "1000.00").await;
        submit(&api, send(&w.business, &w.internal, "transfer", "500.00")).await.unwrap();
        only(&api, &w.internal, "DAILY").await;
        let day = eastern_date(app.clock.now().unix_ms()).to_string();
        let spent = submit(&api, send(&w.internal, &w.business, "transfer", "100.00")).await.unwrap();
        refused(submit(&api, send(&w.internal, &w.business, "transfer", "0.01")).await, 422, "LIMIT_EXCEEDED");
        api.reverse_transaction(&spent.id, &typed(duplicate()), None).await.unwrap();
        let used_that_day = || async {
            json_of(&utilisation(&api, &w.internal, "DAILY", Some(&day)).await.deduction_amount)
        };
        assert_eq!(used_that_day().await, json!(100.0), "a pending reversal has not given the money back yet");
        rails_finish(&app).await;
        assert_eq!(latest(&api, &spent.id).await, "REVERSED");
        assert_eq!(used_that_day().await, json!(0.0));
    }
}
