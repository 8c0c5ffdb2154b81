//! Request latency by route. The app's router knows which route a request matched and says so
//! on the response ([`name_route`]); the outer layer ([`time`]) times every request, those
//! refused before routing included, and counts the refusals.

use super::Metrics;
use crate::friendly_page::Refused;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use tokio::time::Instant;

/// Static files and pages not found: the router's fallback, whatever the path.
const FALLBACK: &str = "fallback";
/// Answered before the app's router saw it: a refusal, a body too large or too slow, the
/// request timeout.
const UNROUTED: &str = "unrouted";

/// The route the app's router matched, as it names it (`/auth/callback`, never the query).
#[derive(Clone, Debug)]
struct Route(String);

/// Inside the app's router: names the route on the response.
pub async fn name_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or(FALLBACK, MatchedPath::as_str).to_owned();
    let mut response = next.run(request).await;
    response.extensions_mut().insert(Route(route));
    response
}

/// Outside every other layer but the log: times the request until its response starts.
pub async fn time(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    let route = response.extensions().get::<Route>().map_or(UNROUTED, |Route(route)| route.as_str());
    metrics.observe(route, response.status().as_u16(), started.elapsed().as_secs_f64());
    if let Some(Refused(code)) = response.extensions().get::<Refused>() {
        metrics.refused(*code);
    }
    response
}
