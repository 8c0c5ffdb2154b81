//! `GET /dev/logout-token`: a logout token for tests, naming `sid` and/or `sub`, valid or
//! with one `flaw`, for the relying party named by `client_id` (the first one by default).
//! Tests post it to the relying party's back channel themselves.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::language::Asked;
use crate::logout_token::{self, LogoutTokenFlaw, Named};
use crate::pages::{PageError, Problem};
use crate::state::Idp;

#[derive(Debug, Deserialize)]
pub(crate) struct LogoutTokenParams {
    client_id: Option<String>,
    sid: Option<String>,
    sub: Option<String>,
    flaw: Option<LogoutTokenFlaw>,
}

pub(crate) async fn logout_token(
    State(idp): State<Arc<Idp>>,
    Asked(language): Asked,
    query: Result<Query<LogoutTokenParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(params) = query.map_err(PageError::malformed(language))?;
    let client = match params.client_id.as_deref() {
        Some(client_id) => idp.config.client(client_id),
        None => idp.config.clients.first(),
    }
    .ok_or_else(|| PageError::new(Problem::UnknownClient, language))?;
    let named = Named { sid: params.sid, sub: params.sub };
    let token = logout_token::build(&idp, client, &named, params.flaw).await.map_err(|error| {
        tracing::error!(%error, "cannot build a logout token");
        PageError::new(Problem::Internal, language)
    })?;
    Ok((StatusCode::OK, [(header::CACHE_CONTROL, "no-store"), (header::CONTENT_TYPE, "text/plain")], token)
        .into_response())
}
