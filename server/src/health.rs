//! The plain axum routes: health checks and the IdP's callback. The callback is a GET that
//! the IdP's redirect makes, so it is a route rather than a server function: whatever its
//! query holds, it answers with a redirect.

use app::auth::flow::{self, Finished};
use app::auth::{callback::CallbackQuery, request::AuthRequest};
use app::errors::{log::Failure, ErrorCode, Stage};
use app::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Redirect;
use tower_sessions::Session;

/// 200 while the process serves.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 only while the database answers.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

/// `GET /auth/callback`: finish the sign-in, or explain why not.
pub async fn callback(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Redirect {
    let request = AuthRequest::new(state, session, "/auth/callback", &headers);
    let outcome = match CallbackQuery::parse(query.as_deref()) {
        Ok(query) => {
            let state = &request.state;
            flow::finish_login(&state.oidc, &state.db, &request.session, &query, state.login_max_age).await
        }
        Err(failure) => Err(failure),
    };
    match outcome {
        Ok(Finished::SignedIn { return_to }) => Redirect::to(&return_to),
        Ok(Finished::Replayed { return_to }) => {
            let event =
                Failure::new(ErrorCode::CallbackReplayed, Stage::Callback, "callback replayed after sign-in");
            request.note(event).await;
            Redirect::to(&return_to)
        }
        Err(failure) => Redirect::to(&request.fail(failure).await),
    }
}
