//! The team feature: `/team/errors`, the error log for the people listed in `TEAM_EMAILS`
//! (`crate::team_members`). What it reads (`queries`), the server function below, the page
//! with its chart, and the panel of recent failures other pages show (`recent`).

mod chart;
pub mod page;
pub mod recent;

#[cfg(feature = "ssr")]
pub(crate) mod queries;

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use sign_in::errors::{ErrorCode, Stage};

/// The page's path.
pub const PATH: &str = "/team/errors";

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
    pub stage: Stage,
    pub code: ErrorCode,
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
    pub last_day: Vec<CodeCount>,
    /// Callbacks that matched no sign-in of their browser, per code, since the server started:
    /// never logged, only counted (`SignIn::anonymous`).
    pub anonymous: Vec<CodeCount>,
}

/// How many failures had this code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCount {
    pub code: ErrorCode,
    pub count: u64,
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
    use sign_in::errors::is_reference;

    let sign_in = match visitor_access().await? {
        TeamAccess::Allowed(sign_in) => sign_in,
        TeamAccess::SignedOut => return Ok(TeamAccess::SignedOut),
        TeamAccess::Forbidden => return Ok(TeamAccess::Forbidden),
    };
    let filter = ErrorFilter { reference: filter.reference.filter(|r| is_reference(r)), ..filter };
    let anonymous =
        sign_in.anonymous.counts().into_iter().map(|c| CodeCount { code: c.code, count: c.count });
    let report = queries::report(&sign_in.db, &filter, page.unwrap_or(1), anonymous.collect()).await;
    report.map(TeamAccess::Allowed).map_err(|e| AppError::database_unavailable(&e))
}

/// Whether this request's visitor may read the error log, and the sign-in core that keeps it.
#[cfg(feature = "ssr")]
async fn visitor_access() -> Result<TeamAccess<sign_in::SignIn>, AppError> {
    use crate::team_members::Membership;

    let request = crate::auth::request::AuthRequest::from_server_fn().await?;
    Ok(match Membership::of(&request).await? {
        Membership::SignedOut => TeamAccess::SignedOut,
        Membership::Outsider => TeamAccess::Forbidden,
        Membership::Member => TeamAccess::Allowed(request.sign_in),
    })
}
