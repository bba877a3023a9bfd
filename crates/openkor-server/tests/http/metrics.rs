//! `GET /metrics`: after some traffic the scrape parses as Prometheus text, counts requests by
//! route template, method and status class with a latency histogram, reports the storage and
//! the background work, and carries no id a client sent; with `--metrics-listen` the metrics
//! move to a listener of their own.

use crate::support::{Backend, TestApp, assert_error};
use openmetrics_parser::openmetrics::parse_openmetrics;
use openmetrics_parser::{MetricFamily, MetricsExposition, OpenMetricsType, OpenMetricsValue};

type Exposition = MetricsExposition<OpenMetricsType, OpenMetricsValue>;
type Family = MetricFamily<OpenMetricsType, OpenMetricsValue>;

async fn scrape(url: &str) -> Exposition {
    let response = reqwest::get(url).await.expect("scraped");
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/openmetrics-text"),
        "{content_type}"
    );
    let text = response.text().await.expect("text");
    parse_openmetrics(&text).unwrap_or_else(|error| panic!("{error:?} in\n{text}"))
}

fn family<'e>(scrape: &'e Exposition, name: &str) -> &'e Family {
    scrape
        .families
        .get(name)
        .unwrap_or_else(|| panic!("no family {name}"))
}

fn number(value: &OpenMetricsValue) -> f64 {
    match value {
        OpenMetricsValue::Counter(counter) => counter.value.as_f64(),
        OpenMetricsValue::Gauge(gauge) => gauge.as_f64(),
        other => panic!("not a number: {other:?}"),
    }
}

/// The samples of `family` whose labels have every one of `labels`' values.
fn matching<'e>(
    family: &'e Family,
    labels: &'e [(&'e str, &'e str)],
) -> impl Iterator<Item = &'e OpenMetricsValue> + 'e {
    family.iter_samples().filter_map(move |sample| {
        let set = sample.get_labelset().expect("labels");
        labels
            .iter()
            .all(|(name, value)| set.get_label_value(name) == Some(value))
            .then_some(&sample.value)
    })
}

/// The request counter of `route` (template), `method` and `status` class.
fn requests(scrape: &Exposition, route: &str, method: &str, status: &str) -> f64 {
    let labels = [("route", route), ("method", method), ("status", status)];
    matching(family(scrape, "openkor_http_requests"), &labels)
        .map(number)
        .sum()
}

async fn traffic_is_counted_by_route_template(app: TestApp) {
    let token = &app.bootstrap.token;
    let created = app
        .post("/v1/customers", token, &crate::customers::sarah())
        .await;
    assert_eq!(created.status(), 201);
    let unknown = "0198a6f0-0000-7000-8000-00000000abcd";
    for _ in 0..3 {
        let missing = app.get(&format!("/v1/customers/{unknown}"), token).await;
        assert_eq!(missing.status(), 404);
    }
    let scrape = scrape(&app.http.url("/metrics")).await;

    assert_eq!(requests(&scrape, "/v1/customers", "POST", "2xx"), 1.0);
    assert_eq!(
        requests(&scrape, "/v1/customers/{customerId}", "GET", "4xx"),
        3.0
    );
    let latencies = family(&scrape, "openkor_http_request_duration_seconds");
    let route = [("route", "/v1/customers/{customerId}")];
    let histogram = matching(latencies, &route)
        .next()
        .expect("a latency histogram");
    let OpenMetricsValue::Histogram(histogram) = histogram else {
        panic!("not a histogram: {histogram:?}");
    };
    assert_eq!(histogram.count, Some(3));
    for family in scrape.families.values() {
        for sample in family.iter_samples() {
            let set = sample.get_labelset().expect("labels");
            assert!(
                set.iter_values().all(|value| !value.contains(unknown)),
                "no id in a label: {}",
                family.family_name
            );
        }
    }

    let storage = match app.backend {
        Backend::Sqlite => "openkor_sqlite_write_groups",
        Backend::Postgres => "openkor_postgres_connections",
    };
    let reported: f64 = matching(family(&scrape, storage), &[]).map(number).sum();
    assert!(reported >= 1.0, "{storage}: {reported}");
    let deliveries = family(&scrape, "openkor_webhook_deliveries");
    let mut outcomes: Vec<String> = deliveries
        .iter_samples()
        .filter_map(|s| {
            Some(
                s.get_labelset()
                    .ok()?
                    .get_label_value("outcome")?
                    .to_owned(),
            )
        })
        .collect();
    outcomes.sort();
    assert_eq!(outcomes, ["delivered", "disabled", "failed", "retried"]);
    assert_eq!(
        matching(family(&scrape, "openkor_rail_engine_steps_due"), &[]).count(),
        1
    );
}

crate::on_both_backends! {
    async fn requests_storage_and_background_work_are_reported(app: TestApp) {
        traffic_is_counted_by_route_template(app).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_metrics_move_to_their_own_listener() {
    let app = TestApp::start_with(Backend::Sqlite, |config| {
        config.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await
    .expect("SQLite is always available");
    let on_api = reqwest::get(app.http.url("/metrics")).await.unwrap();
    assert_error(on_api, 404, "ROUTE_NOT_FOUND").await;
    let metrics_url = app.metrics_url.clone().expect("its own listener");
    let scrape = scrape(&metrics_url).await;
    assert!(scrape.families.contains_key("openkor_sqlite_write_groups"));
}
