//! `GET /metrics`: the Prometheus text format, counters that move with what happens, and who
//! may read it. (Through a proxy: `proxies.rs`.)

use crate::helpers::{assert_error_page, spawn_app_with, Backend, TestApp};
use reqwest::header::ORIGIN;
use reqwest::StatusCode;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// One sample of a scrape.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: Vec<(String, String)>,
    value: f64,
}

/// Every line of `text` read as the Prometheus text format (0.0.4) writes it: `# HELP` and
/// `# TYPE` lines, then `name{label="value",…} number` for each sample of the declared
/// families. Panics at the first line that is not.
fn parse(text: &str) -> Vec<Sample> {
    let mut families = Vec::new();
    let mut samples = Vec::new();
    for line in text.lines() {
        if let Some(help) = line.strip_prefix("# HELP ") {
            assert!(help.split_once(' ').is_some_and(|(name, _)| is_name(name)), "{line}");
        } else if let Some(declared) = line.strip_prefix("# TYPE ") {
            let (name, kind) = declared.split_once(' ').unwrap_or_else(|| panic!("{line}"));
            assert!(is_name(name) && ["counter", "gauge", "histogram"].contains(&kind), "{line}");
            families.push(name.to_owned());
        } else {
            let sample = parse_sample(line).unwrap_or_else(|| panic!("not a sample: {line:?}"));
            let family = ["", "_bucket", "_sum", "_count"].iter().any(|suffix| {
                sample.name.strip_suffix(suffix).is_some_and(|name| families.iter().any(|f| f == name))
            });
            assert!(family, "{} has no # TYPE before it", sample.name);
            samples.push(sample);
        }
    }
    samples
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn parse_sample(line: &str) -> Option<Sample> {
    let (series, number) = line.rsplit_once(' ')?;
    let value = match number {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        number => number.parse().ok()?,
    };
    let (name, labels) = match series.split_once('{') {
        Some((name, labels)) => (name, parse_labels(labels.strip_suffix('}')?)?),
        None => (series, Vec::new()),
    };
    is_name(name).then(|| Sample { name: name.to_owned(), labels, value })
}

/// `a="x",b="y \"z\""`: label values are quoted, with `\\`, `\"` and `\n` escaped.
fn parse_labels(mut text: &str) -> Option<Vec<(String, String)>> {
    let mut labels = Vec::new();
    while !text.is_empty() {
        let (name, rest) = text.split_once("=\"")?;
        let mut value = String::new();
        let mut chars = rest.char_indices();
        let close = loop {
            match chars.next()? {
                (i, '"') => break i,
                (_, '\\') => value.push(match chars.next()?.1 {
                    'n' => '\n',
                    other => other,
                }),
                (_, c) => value.push(c),
            }
        };
        is_name(name).then_some(())?;
        labels.push((name.to_owned(), value));
        text = match &rest[close + 1..] {
            "" => "",
            more => more.strip_prefix(',')?,
        };
    }
    Some(labels)
}

/// The value of the sample `name` with exactly `labels`; 0 when there is none yet.
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    let same = |sample: &Sample| {
        sample.labels.len() == labels.len()
            && labels.iter().all(|(k, v)| sample.labels.iter().any(|(l, w)| l == k && w == v))
    };
    samples.iter().find(|sample| sample.name == name && same(sample)).map_or(0.0, |sample| sample.value)
}

async fn scrape(app: &TestApp) -> Vec<Sample> {
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    parse(&response.text().await.unwrap())
}

async fn the_counters_move_with_sign_ins_failures_and_refusals(backend: Backend) {
    let app = spawn_app_with(backend, vec![("RATE_LIMIT_PER_MINUTE", "6".into())], Box::new(|_| {})).await;
    let before = scrape(&app).await;
    // The failure first: once signed in at the IdP, the next sign-in there asks nothing.
    let target = app.sign_in_simulating("ada", "authorize:access_denied").await;
    assert_error_page(&app, &target, "access_denied").await;
    assert_eq!(app.sign_in("ada").await, "/profile");
    assert_eq!(app.get("/profile").await.status(), StatusCode::OK);
    let cross_site = app.client.post(app.url("/auth/logout")).header(ORIGIN, "https://evil.example");
    assert_eq!(cross_site.send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let mut limited = false;
    for _ in 0..10 {
        limited |= app.post_form("/auth/login", &[]).await.status() == StatusCode::TOO_MANY_REQUESTS;
    }
    assert!(limited, "the allowance ran out");

    let after = scrape(&app).await;
    let moved =
        |name: &str, labels: &[(&str, &str)]| value(&after, name, labels) - value(&before, name, labels);
    assert_eq!(moved("sign_ins_total", &[]), 1.0);
    assert_eq!(moved("sign_in_failures_total", &[("code", "access_denied")]), 1.0);
    assert_eq!(moved("refused_requests_total", &[("code", "cross_site_request")]), 1.0);
    assert!(moved("refused_requests_total", &[("code", "rate_limited")]) >= 1.0);
    let callbacks = [("route", "/auth/callback"), ("status", "303")];
    assert_eq!(moved("http_request_duration_seconds_count", &callbacks), 2.0, "both callbacks are timed");
    let routes: Vec<&str> = after
        .iter()
        .filter(|sample| sample.name == "http_request_duration_seconds_count")
        .flat_map(|sample| {
            sample.labels.iter().filter(|(label, _)| label == "route").map(|(_, route)| route.as_str())
        })
        .collect();
    assert!(routes.contains(&"/auth/login") && routes.contains(&"/profile"), "{routes:?}");
    assert!(
        routes.iter().all(|route| route.starts_with('/') || ["fallback", "unrouted"].contains(route)),
        "{routes:?}"
    );
    assert!(!routes.iter().any(|route| route.contains('?') || route.contains("/auth/login/")), "{routes:?}");
}

async fn this_machine_may_read_them_and_a_proxy_needs_the_token(backend: Backend) {
    // Directly from loopback, without a token: this machine's own scraper.
    let app = spawn_app_with(backend, vec![], Box::new(|_| {})).await;
    assert!(value(&scrape(&app).await, "open_connections", &[]) >= 1.0, "this scrape's own connection");

    // When loopback is the proxy, its requests are the public's: the token is needed.
    let vars = vec![("TRUSTED_PROXIES", "127.0.0.1/32".into()), ("METRICS_TOKEN", TOKEN.into())];
    let app = spawn_app_with(backend, vars, Box::new(|_| {})).await;
    let (status, page) = app.body("/metrics").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("We couldn't find that page"), "the site's own 404 page: {page}");
    let wrong = app.client.get(app.url("/metrics")).bearer_auth(format!("{TOKEN}0")).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    let right = app.client.get(app.url("/metrics")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(right.status(), StatusCode::OK);
    assert!(!parse(&right.text().await.unwrap()).is_empty());
}

test_db::on_both_backends!(
    the_counters_move_with_sign_ins_failures_and_refusals,
    this_machine_may_read_them_and_a_proxy_needs_the_token,
);
