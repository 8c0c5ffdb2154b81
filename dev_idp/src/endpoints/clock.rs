//! The test-only `POST /dev/clock`, and the `Date` header that follows the
//! IdP's shifted clock.

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::header::DATE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};

use crate::clock::http_date;
use crate::state::Idp;

#[derive(Debug, Deserialize)]
pub(crate) struct ClockForm {
    // A string, so that bad input gets this endpoint's message, not serde's.
    offset_seconds: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct ClockSet {
    offset_seconds: i64,
}

/// Shifts every time the IdP states (`Date`, `iat`, `exp`, `auth_time`) by
/// `offset_seconds`, so a relying party can test its clock-skew handling.
pub(crate) async fn set_clock(
    State(idp): State<Arc<Idp>>,
    form: Result<Form<ClockForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return bad_request("Send offset_seconds as an application/x-www-form-urlencoded field.");
    };
    match idp.clock.set_offset(form.offset_seconds.as_deref().unwrap_or_default()) {
        Ok(offset_seconds) => {
            tracing::info!(offset_seconds, "dev IdP clock offset changed");
            Json(ClockSet { offset_seconds }).into_response()
        }
        Err(error) => bad_request(&format!("{error}.")),
    }
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, message.to_owned()).into_response()
}

/// Sets `Date` on every response. hyper only adds its own (real-time) one
/// when the response has none, so this one wins.
pub(crate) async fn date_header(State(idp): State<Arc<Idp>>, mut response: Response) -> Response {
    // An IMF-fixdate is plain ASCII, so this cannot fail.
    if let Ok(date) = HeaderValue::from_str(&http_date(idp.clock.now())) {
        response.headers_mut().insert(DATE, date);
    }
    response
}
