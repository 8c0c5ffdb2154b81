//! When the session store fails, tower-sessions answers with a bare, empty 500. This layer,
//! outside the session layer, turns that into the friendly "database unavailable" page.

use app::auth::request::AuthRequest;
use app::errors::{log::Failure, ErrorCode, Stage};
use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::startup::SESSION_COOKIE;

pub async fn friendly_page(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let user_agent = request.headers().get(header::USER_AGENT).cloned();
    let had_session = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .any(|cookie| cookie.to_str().is_ok_and(|c| c.contains(SESSION_COOKIE)));
    let response = next.run(request).await;
    // Our own error responses carry a body and a content type; the session layer's do not.
    let bare_failure = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && !response.headers().contains_key(header::CONTENT_TYPE);
    if !bare_failure {
        return response;
    }
    let failure = Failure::new(ErrorCode::DatabaseUnavailable, Stage::Callback, "session store failed");
    let mut headers = axum::http::HeaderMap::new();
    if let Some(user_agent) = user_agent {
        headers.insert(header::USER_AGENT, user_agent);
    }
    // The log may be unreachable too; `record` then falls back to the server log.
    let reference = app::errors::log::record(
        &state.db,
        Some(state.oidc.issuer()),
        &failure,
        &AuthRequest::request_info(&path, &headers, had_session),
    )
    .await;
    Redirect::to(&failure.error_page(&reference)).into_response()
}
