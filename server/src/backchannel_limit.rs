//! A ceiling on logout tokens for the whole site. The IdP's server may post many at once
//! from one address (a person with many sessions, a sign-out of everyone), so the sign-in
//! endpoints' per-address allowance does not fit; every token costs a signature check and a
//! database write, so an unbounded flood must not reach them either. Over the ceiling, the
//! answer is a 429 with `Retry-After`, which an IdP that retries honours.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::Clock;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;

/// Logout tokens a minute, from every sender together: far above what one IdP sends for a
/// site's people, far below what would load the database.
pub const LOGOUT_TOKENS_PER_MINUTE: NonZeroU32 = NonZeroU32::new(600).unwrap();

#[derive(Clone)]
pub struct BackChannelLimit(Arc<DefaultDirectRateLimiter>);

impl BackChannelLimit {
    pub fn per_minute(per_minute: NonZeroU32) -> Self {
        Self(Arc::new(RateLimiter::direct(Quota::per_minute(per_minute))))
    }
}

pub async fn refuse_over_limit(
    State(limit): State<BackChannelLimit>,
    request: Request,
    next: Next,
) -> Response {
    match limit.0.check() {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let retry_after = not_until.wait_time_from(limit.0.clock().now()).as_secs() + 1;
            tracing::warn!(retry_after, "refused a logout token over the site's ceiling");
            let body = r#"{"error":"temporarily_unavailable"}"#;
            let headers = [
                (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                (header::RETRY_AFTER, HeaderValue::from(retry_after)),
            ];
            (StatusCode::TOO_MANY_REQUESTS, headers, body).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::post;
    use tower::ServiceExt;

    #[tokio::test]
    async fn over_the_ceiling_a_token_waits() {
        let limit = BackChannelLimit::per_minute(NonZeroU32::new(2).unwrap());
        let app = axum::Router::new()
            .route("/", post(|| async { StatusCode::OK }))
            .layer(axum::middleware::from_fn_with_state(limit, refuse_over_limit));
        let post = || Request::post("/").body(axum::body::Body::empty()).unwrap();
        for _ in 0..2 {
            assert_eq!(app.clone().oneshot(post()).await.unwrap().status(), StatusCode::OK);
        }
        let refused = app.oneshot(post()).await.unwrap();
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.headers().contains_key(header::RETRY_AFTER));
        assert_eq!(refused.headers()[header::CACHE_CONTROL], "no-store");
    }
}
