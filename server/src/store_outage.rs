//! When the session store fails, tower-sessions answers with a bare, empty 500. This layer,
//! outside the session layer, turns that into the friendly "database unavailable" page.

use crate::sessions::SESSION_COOKIE;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use sign_in::errors::{ErrorCode, Failure, RequestInfo, Stage};
use sign_in::{paths, SignIn};

pub async fn friendly_page(State(sign_in): State<SignIn>, request: Request, next: Next) -> Response {
    // Cheap clones (shared buffers), kept in case the store fails and the log needs them.
    let uri = request.uri().clone();
    let user_agent = request.headers().get(header::USER_AGENT).cloned();
    let cookies = request.headers().get(header::COOKIE).cloned();
    let response = next.run(request).await;
    // Our own error responses carry a body and a content type; the session layer's do not.
    let bare_failure = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && !response.headers().contains_key(header::CONTENT_TYPE);
    if !bare_failure {
        return response;
    }
    let failure = Failure::new(ErrorCode::DatabaseUnavailable, Stage::Callback, "session store failed");
    let request = RequestInfo {
        path: uri.path().to_owned(),
        user_agent: user_agent.as_ref().and_then(|ua| ua.to_str().ok()).map(str::to_owned),
        had_session: cookies
            .as_ref()
            .and_then(|c| c.to_str().ok())
            // Also matches the `__Host-` name used on https.
            .is_some_and(|c| c.contains(SESSION_COOKIE)),
    };
    // The log may be unreachable too; `log_failure` then falls back to the server log.
    let reference = sign_in.db.log_failure(Some(sign_in.oidc.issuer()), &failure, &request).await;
    Redirect::to(&paths::auth_error(failure.code.as_str(), &reference)).into_response()
}
