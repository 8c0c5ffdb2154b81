//! The team's view of the error log: shared types and the server function behind
//! `/team/errors`. Only signed-in people whose email is in `TEAM_EMAILS` may read it.

use crate::errors::{AppError, LoggedError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows per page of the error log.
pub const PAGE_SIZE: u32 = 25;

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

/// The error log, newest first, filtered by code, stage and reference.
#[server]
pub async fn team_errors(
    code: Option<String>,
    stage: Option<String>,
    reference: Option<String>,
    page: Option<u32>,
) -> Result<TeamAccess<ErrorReport>, AppError> {
    use crate::auth::request::AuthRequest;
    use crate::db::ErrorFilter;
    use crate::errors::{is_reference, ErrorCode, Stage};

    let request = AuthRequest::from_server_fn().await?;
    let unavailable = |error: &dyn std::fmt::Display| {
        tracing::error!(%error, "team page: database");
        AppError(ErrorCode::DatabaseUnavailable)
    };
    let Some(signed_in) = request.session.signed_in().await.map_err(|e| unavailable(&e))? else {
        return Ok(TeamAccess::SignedOut);
    };
    if !request.state.is_team_member(&signed_in.user) {
        return Ok(TeamAccess::Forbidden);
    }
    // Filters are matched against known values only; anything else is ignored.
    let filter = ErrorFilter {
        code: code.as_deref().and_then(ErrorCode::from_known).map(ErrorCode::as_str),
        stage: stage.and_then(|s| Stage::parse(&s)).map(Stage::as_str),
        reference: reference.map(|r| r.trim().to_uppercase()).filter(|r| is_reference(r)),
    };
    let db = &request.state.db;
    let total = db.count_errors(&filter).await.map_err(|e| unavailable(&e))?;
    let pages = u32::try_from(total.div_ceil(u64::from(PAGE_SIZE))).unwrap_or(u32::MAX).max(1);
    let page = page.unwrap_or(1).clamp(1, pages);
    let offset = u64::from(page - 1) * u64::from(PAGE_SIZE);
    let entries = db.list_errors(&filter, PAGE_SIZE, offset).await.map_err(|e| unavailable(&e))?;
    let since = crate::db::unix_now() - 24 * 60 * 60;
    let last_day = db.error_counts_since(since).await.map_err(|e| unavailable(&e))?;
    Ok(TeamAccess::Allowed(ErrorReport { entries, page, pages, total, last_day }))
}
