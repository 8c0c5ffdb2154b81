//! `/troubleshooting`: the checklist and questions in our words, and live checks of this
//! site's setup, run on the server (`checks`) and shown with what to do (`page`).

#[cfg(feature = "ssr")]
pub mod checks;
pub mod page;

use crate::errors::AppError;
use crate::team::LoggedError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use strum::IntoStaticStr;

/// One thing the page checks, in the order it shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum CheckId {
    Discovery,
    Issuer,
    Endpoints,
    Pkce,
    EndSession,
    SigningAlgorithms,
    SigningKeys,
    Clock,
    Address,
    SessionCookie,
}

impl CheckId {
    /// Stable, for tests and styles (`data-check`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Discovery => "Intastellar's discovery document",
            Self::Issuer => "Issuer",
            Self::Endpoints => "Endpoints",
            Self::Pkce => "PKCE (S256)",
            Self::EndSession => "Signing out at Intastellar",
            Self::SigningAlgorithms => "ID token signing algorithms",
            Self::SigningKeys => "Signing keys (JWKS)",
            Self::Clock => "Clock",
            Self::Address => "This site's address",
            Self::SessionCookie => "Session cookie",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Pass,
    Warn,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub id: CheckId,
    pub status: Status,
    /// What was found, in plain words.
    pub finding: String,
    /// What to do about a warning.
    pub advice: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub redirect_uri: String,
    pub post_logout_redirect_uri: String,
    pub checks: Vec<Check>,
    /// The newest failures from the error log, for the site's team only.
    pub recent_failures: Option<Vec<LoggedError>>,
}

/// The scheme and host the browser used to reach this site. The server works it out for
/// every request, from a trusted proxy's `X-Forwarded-Proto` and `X-Forwarded-Host` or else
/// from the request itself, and leaves it in the request's extensions.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowserAddress {
    pub scheme: String,
    /// `host[:port]`, as the `Host` header carries it.
    pub host: Option<String>,
}

#[cfg(feature = "ssr")]
impl BrowserAddress {
    /// The origin this address stands for, if it reads as one.
    pub fn origin(&self) -> Option<url::Origin> {
        let host = self.host.as_deref().filter(|host| !host.contains(['/', '?', '#', '@']))?;
        let url = url::Url::parse(&format!("{}://{host}", self.scheme)).ok()?;
        Some(url.origin()).filter(url::Origin::is_tuple)
    }
}

/// How many failures the page lists for the team.
pub const RECENT_FAILURES: u32 = 5;

/// The live checks, as this request and this browser see them.
#[server]
pub async fn troubleshooting_report() -> Result<Report, AppError> {
    use crate::auth::request::AuthRequest;
    use crate::errors::ErrorCode;

    let request = AuthRequest::from_server_fn().await?;
    let parts = use_context::<axum::http::request::Parts>().ok_or(AppError::new(ErrorCode::Unknown))?;
    let state = &request.state;
    let inspection = state.inspections.latest(&state.oidc, &state.session_rules.clock).await;
    let mut checks = checks::of_the_idp(&inspection, state.oidc.issuer(), state.oidc.clock_leeway());
    checks.push(checks::address(parts.extensions.get::<BrowserAddress>(), state.oidc.redirect_uri()));
    checks.push(checks::session_cookie(request.session.exists()));
    let recent_failures = match request.session.signed_in().await {
        Ok(Some(current)) if state.team.admits(&current.signed_in.user) => {
            let filter = crate::team::ErrorFilter::default();
            crate::team::queries::list(&state.db, &filter, RECENT_FAILURES, 0).await.ok()
        }
        Ok(_) => None,
        Err(error) => {
            tracing::warn!(%error, "troubleshooting: could not read the session");
            None
        }
    };
    Ok(Report {
        redirect_uri: state.oidc.redirect_uri().to_owned(),
        post_logout_redirect_uri: state.oidc.post_logout_redirect_uri().to_owned(),
        checks,
        recent_failures,
    })
}
