//! The team feature: `/team/errors`, the error log for the people listed in `TEAM_EMAILS`.
//! Who may read it (`access`), what it reads (`queries`), the server function below, and the
//! page with its chart all live here.

mod chart;
pub mod page;

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub(crate) mod queries;

use crate::errors::{AppError, ErrorCode, Stage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows per page of the error log.
pub const PAGE_SIZE: u32 = 25;

/// One logged failure, as the team page shows it. The IdP's `error_description` is
/// untrusted text: the page renders it as text (escaped), never as HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct LoggedError {
    pub reference: String,
    /// Unix seconds.
    pub occurred_at: i64,
    pub stage: String,
    pub code: String,
    pub error_description: Option<String>,
    pub issuer: Option<String>,
    pub request_path: String,
    pub user_agent: Option<String>,
    pub had_session: bool,
}

/// Which failures to list; `None` matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorFilter {
    pub code: Option<ErrorCode>,
    pub stage: Option<Stage>,
    /// Only a well-formed reference (see `errors::is_reference`) is ever looked up.
    pub reference: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReport {
    pub entries: Vec<LoggedError>,
    /// 1-based.
    pub page: u32,
    pub pages: u32,
    pub total: u64,
    /// Failures per code over the last 24 hours, most frequent first.
    pub last_day: Vec<(String, u64)>,
}

/// What the visitor may see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TeamAccess<T> {
    SignedOut,
    Forbidden,
    Allowed(T),
}

/// The error log, newest first, filtered.
#[server]
pub async fn team_errors(
    filter: ErrorFilter,
    page: Option<u32>,
) -> Result<TeamAccess<ErrorReport>, AppError> {
    use crate::auth::request::AuthRequest;
    use crate::errors::is_reference;

    let request = AuthRequest::from_server_fn().await?;
    let signed_in = request.session.signed_in().await.map_err(|e| AppError::database_unavailable(&e))?;
    let Some(current) = signed_in else {
        return Ok(TeamAccess::SignedOut);
    };
    if !request.state.team.admits(&current.signed_in.user) {
        return Ok(TeamAccess::Forbidden);
    }
    let filter = ErrorFilter { reference: filter.reference.filter(|r| is_reference(r)), ..filter };
    let report = queries::report(&request.state.db, &filter, page.unwrap_or(1)).await;
    report.map(TeamAccess::Allowed).map_err(|e| AppError::database_unavailable(&e))
}
