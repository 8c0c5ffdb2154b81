//! A request's body must arrive in time, as its headers must. The serve loop closes a
//! connection whose headers dribble in; without this, a client could send the headers at
//! once and then the body a byte at a time, and hold the connection until the request
//! timeout. Bodies are small here (see `MAX_BODY_BYTES`), so reading one whole, up front,
//! costs nothing.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// How long a body may take, and how large it may be.
#[derive(Clone, Copy, Debug)]
pub struct BodyRead {
    pub timeout: Duration,
    pub max_bytes: usize,
}

pub async fn read_in_time(State(limits): State<BodyRead>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(limits.timeout, axum::body::to_bytes(body, limits.max_bytes)).await {
        Ok(Ok(bytes)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        // Larger than allowed, sent without a length the body limit could refuse up front (a
        // client that breaks off mid-body reads nothing of this).
        Ok(Err(_)) => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        Err(_) => {
            tracing::warn!(timeout = ?limits.timeout, "a request body was too slow; closing the connection");
            let mut response = StatusCode::REQUEST_TIMEOUT.into_response();
            // The rest of the body is never read, so the connection cannot carry another request.
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            response
        }
    }
}
