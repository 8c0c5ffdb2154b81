//! Health checks for load balancers and orchestrators.

use axum::extract::State;
use axum::http::StatusCode;
use sign_in::SignIn;

/// 200 while the process serves.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 only while the database answers.
pub async fn readyz(State(sign_in): State<SignIn>) -> (StatusCode, &'static str) {
    if sign_in.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
