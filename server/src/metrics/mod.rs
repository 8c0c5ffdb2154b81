//! `GET /metrics` for the people who run the site, in the Prometheus text format: sign-ins,
//! failures by the catalogue's code, requests refused before the app (cross-site posts, rate
//! limits), how long requests take by route, and open connections.
//!
//! What only the server's layers see is counted here, as it passes. Counts another part keeps
//! (the app's sign-in outcomes, the serve loop's connections) stay where they are and are read
//! when Prometheus scrapes, one line each: see [`Metrics::counter_at_scrape`] and its siblings.
//! Nothing below the server knows this crate.

mod access;
mod at_scrape;
mod endpoint;
mod timing;

pub use access::{Access, MetricsToken};
pub use endpoint::{serve, Scrape};
pub use timing::{name_route, time};

use crate::serve::ConnectionSlots;
use app::auth::outcomes::Outcomes;
use at_scrape::{AtScrape, Sample};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Registry, Unit};
use sign_in::errors::{CodeCounts, ErrorCode};
use std::sync::Arc;

/// Prometheus' default buckets, in seconds: from a static file to a sign-in waiting on the IdP.
const LATENCY_BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// A request, as its latency is counted: the route it matched (never its path or query,
/// which anyone can vary) and the status it got.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabel {
    code: &'static str,
}

#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    refused: Family<CodeLabel, Counter>,
    requests: Family<RequestLabels, Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let refused = Family::<CodeLabel, Counter>::default();
        registry.register(
            "refused_requests",
            "Requests the server refused before the app saw them, by the catalogue's code \
             (cross_site_request: 403, rate_limited: 429)",
            refused.clone(),
        );
        let requests =
            Family::<RequestLabels, Histogram>::new_with_constructor(latency_histogram as fn() -> _);
        registry.register_with_unit(
            "http_request_duration",
            "Time until the response starts, by the route the request matched (fallback: static files \
             and pages not found; unrouted: answered before routing) and status",
            Unit::Seconds,
            requests.clone(),
        );
        Self { registry, refused, requests }
    }
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

impl Metrics {
    /// The site's metrics: what the layers count, and the counts kept elsewhere, read at
    /// scrape time. Another such count is one more line here.
    pub fn new(outcomes: Arc<Outcomes>, anonymous: Arc<CodeCounts>, connections: ConnectionSlots) -> Self {
        let mut metrics = Self::default();
        let sign_ins = outcomes.clone();
        metrics.counter_at_scrape("sign_ins", "Sign-ins that succeeded", move || sign_ins.sign_ins());
        metrics.counters_at_scrape(
            "sign_in_failures",
            "Sign-ins and sign-outs that ended on the error page, by the catalogue's code",
            "code",
            move || outcomes.failures().into_iter().map(|tally| (tally.code.as_str(), tally.count)),
        );
        metrics.counters_at_scrape(
            "anonymous_callbacks",
            "Callbacks that matched no sign-in of their browser, by the catalogue's code: counted, \
             never stored",
            "code",
            move || anonymous.counts().into_iter().map(|tally| (tally.code.as_str(), tally.count)),
        );
        metrics.gauge_at_scrape(
            "open_connections",
            "Connections open now (at most MAX_CONNECTIONS)",
            move || u64::try_from(connections.open()).unwrap_or(u64::MAX),
        );
        metrics
    }

    /// Adds a counter whose value `read` returns when Prometheus scrapes.
    pub fn counter_at_scrape(
        &mut self,
        name: &'static str,
        help: &'static str,
        read: impl Fn() -> u64 + Send + Sync + 'static,
    ) {
        let read = move || vec![Sample { label: None, value: read() }];
        self.at_scrape(name, help, MetricType::Counter, None, read);
    }

    /// Adds a counter with one value per `label` (for example per catalogue code), read when
    /// Prometheus scrapes.
    pub fn counters_at_scrape<I>(
        &mut self,
        name: &'static str,
        help: &'static str,
        label: &'static str,
        read: impl Fn() -> I + Send + Sync + 'static,
    ) where
        I: IntoIterator<Item = (&'static str, u64)>,
    {
        let read = move || {
            read().into_iter().map(|(value, count)| Sample { label: Some(value), value: count }).collect()
        };
        self.at_scrape(name, help, MetricType::Counter, Some(label), read);
    }

    /// Adds a gauge whose value `read` returns when Prometheus scrapes.
    pub fn gauge_at_scrape(
        &mut self,
        name: &'static str,
        help: &'static str,
        read: impl Fn() -> u64 + Send + Sync + 'static,
    ) {
        let read = move || vec![Sample { label: None, value: read() }];
        self.at_scrape(name, help, MetricType::Gauge, None, read);
    }

    fn at_scrape(
        &mut self,
        name: &'static str,
        help: &'static str,
        kind: MetricType,
        label: Option<&'static str>,
        read: impl Fn() -> Vec<Sample> + Send + Sync + 'static,
    ) {
        self.registry.register_collector(Box::new(AtScrape {
            name,
            help,
            kind,
            label,
            read: Box::new(read),
        }));
    }

    /// Everything, in the Prometheus text format (version 0.0.4).
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }

    fn refused(&self, code: ErrorCode) {
        self.refused.get_or_create(&CodeLabel { code: code.as_str() }).inc();
    }

    fn observe(&self, route: &str, status: u16, seconds: f64) {
        let labels = RequestLabels { route: route.to_owned(), status };
        self.requests.get_or_create(&labels).observe(seconds);
    }
}

#[cfg(test)]
mod tests;
