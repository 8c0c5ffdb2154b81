//! The endpoint itself: `GET /metrics` for those [`Access`] allows. Everyone else meets the
//! site's own 404 page, as for any page that does not exist, so the endpoint does not even
//! show that it is there.

use super::{Access, Metrics};
use app::paths;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::prometheus_text;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Scrape {
    pub metrics: Arc<Metrics>,
    pub access: Access,
}

pub async fn serve(State(scrape): State<Scrape>, request: Request, next: Next) -> Response {
    let asks_for_metrics = request.method() == Method::GET && request.uri().path() == paths::METRICS;
    if !asks_for_metrics || !scrape.access.allows(&request) {
        return next.run(request).await;
    }
    match scrape.metrics.render() {
        Ok(text) => ([(header::CONTENT_TYPE, prometheus_text::CONTENT_TYPE)], text).into_response(),
        Err(error) => {
            tracing::error!(%error, "could not render the metrics");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
