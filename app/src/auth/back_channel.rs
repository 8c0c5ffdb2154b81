//! `POST /auth/backchannel-logout`, where the IdP's server posts logout tokens (OpenID
//! Connect Back-Channel Logout 1.0 §2.5 and §2.8). No browser sends it: no cookie, no
//! `Origin`, and the answer is for a machine, JSON and never cached.

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};
use sign_in::back_channel::{self, BackChannelOutcome};
use sign_in::errors::RequestInfo;
use sign_in::{paths, SignIn};

#[derive(Deserialize)]
pub struct LogoutForm {
    logout_token: Option<String>,
}

/// §2.8's error body. The description is ours, never the token's: where the team finds it.
#[derive(Serialize)]
struct ErrorBody {
    error: &'static str,
    error_description: String,
}

/// §2.8: the answer must not be cached.
const NO_STORE: [(header::HeaderName, &str); 1] = [(header::CACHE_CONTROL, "no-store")];

pub async fn handle(
    State(sign_in): State<SignIn>,
    headers: HeaderMap,
    form: Result<Form<LogoutForm>, FormRejection>,
) -> Response {
    let user_agent = headers.get(header::USER_AGENT).and_then(|ua| ua.to_str().ok()).map(str::to_owned);
    let request =
        RequestInfo { path: paths::AUTH_BACKCHANNEL_LOGOUT.to_owned(), user_agent, had_session: false };
    let token = form.ok().and_then(|Form(form)| form.logout_token);
    match back_channel::logout(&sign_in, token.as_deref(), &request).await {
        BackChannelOutcome::SignedOut { .. } => (StatusCode::OK, NO_STORE).into_response(),
        BackChannelOutcome::Rejected { reference } => {
            error(StatusCode::BAD_REQUEST, "invalid_request", &reference)
        }
        // Not the token's fault: a 503 tells the IdP to try again later.
        BackChannelOutcome::Unavailable { reference } => {
            error(StatusCode::SERVICE_UNAVAILABLE, "temporarily_unavailable", &reference)
        }
    }
}

fn error(status: StatusCode, error: &'static str, reference: &str) -> Response {
    let error_description = format!("the logout token was not acted on; reference {reference}");
    (status, NO_STORE, Json(ErrorBody { error, error_description })).into_response()
}
