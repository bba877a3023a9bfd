//! What `GET /metrics` reports, in the OpenMetrics text format Prometheus scrapes: every request
//! by route template, method and status class, with a latency histogram per route and method,
//! and whatever the server registers beside them (its storage, its background work).
//!
//! Label values are route templates (`/v1/customers/{id}`), methods and status classes only:
//! never a path as sent, an id or anything a client typed, so no personal data and a bounded
//! number of series. A request no route matched is counted under the route `-`.

use axum::http::{Method, StatusCode};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::collections::HashSet;
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::Duration;

/// The content type of the text format.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The upper bounds of the request latency buckets, in seconds: 0.5 ms to 10 s.
const LATENCY_BUCKETS_S: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: &'static str,
    method: &'static str,
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: &'static str,
    method: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS_S)
}

/// The server's metrics: the HTTP ones, recorded by the trace layer, and the collectors
/// registered with [`Metrics::register`].
#[derive(Debug)]
pub struct Metrics {
    registry: Mutex<Registry>,
    /// Each route template seen, kept once for the life of the process (templates are the
    /// router's, so they are few), so counting a request allocates nothing.
    routes: RwLock<HashSet<&'static str>>,
    requests: Family<RequestLabels, Counter>,
    latencies: Family<RouteLabels, Histogram, fn() -> Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// The HTTP metrics, nothing observed yet.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("openkor");
        let requests = Family::<RequestLabels, Counter>::default();
        let latencies: Family<RouteLabels, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_requests",
            "Requests answered, by route template, method and status class",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its response, by route template and method",
            latencies.clone(),
        );
        Self {
            registry: Mutex::new(registry),
            routes: RwLock::default(),
            requests,
            latencies,
        }
    }

    /// Adds `collector`, asked for its metrics at every scrape.
    pub fn register(&self, collector: Box<dyn Collector>) {
        self.registry
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .register_collector(collector);
    }

    /// Counts one request to `route` (its template, or `-`) answered with `status` after
    /// `elapsed`.
    pub fn observe_request(
        &self,
        route: &str,
        method: &Method,
        status: StatusCode,
        elapsed: Duration,
    ) {
        let route = self.interned(route);
        let method = method_label(method);
        self.latencies
            .get_or_create(&RouteLabels { route, method })
            .observe(elapsed.as_secs_f64());
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method,
                status: status_class(status),
            })
            .inc();
    }

    /// Every metric in the text format.
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::with_capacity(16 * 1024);
        let registry = self.registry.lock().unwrap_or_else(PoisonError::into_inner);
        prometheus_client::encoding::text::encode(&mut text, &registry)?;
        Ok(text)
    }
}

impl Metrics {
    /// `route` as kept once for the process.
    fn interned(&self, route: &str) -> &'static str {
        let known = self.routes.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(kept) = known.get(route) {
            return kept;
        }
        drop(known);
        let mut known = self.routes.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(kept) = known.get(route) {
            return kept;
        }
        let kept: &'static str = Box::leak(route.to_owned().into_boxed_str());
        known.insert(kept);
        kept
    }
}

/// The method's name; a method the API does not serve counts as `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_counted_by_route_method_and_status_class() {
        let metrics = Metrics::new();
        let route = "/v1/customers/{id}";
        metrics.observe_request(route, &Method::GET, StatusCode::NOT_FOUND, Duration::ZERO);
        let text = metrics.render().unwrap_or_default();
        assert!(
            text.contains(
                "openkor_http_requests_total{route=\"/v1/customers/{id}\",method=\"GET\",status=\"4xx\"} 1"
            ),
            "{text}"
        );
        assert!(text.ends_with("# EOF\n"), "{text}");
    }
}
