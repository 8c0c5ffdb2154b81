//! `/troubleshooting`: the checklist and questions in our words, and live checks of this
//! site's setup, run on the server (`checks`) and shown with what to do (`page`). Everyone
//! sees each check's pass or warning and what to do; the details behind them (error chains,
//! the clock offset) are for the site's team only, as anyone can open the page.

#[cfg(feature = "ssr")]
pub mod checks;
pub mod page;

use crate::errors::AppError;
use crate::i18n::{td_string, Locale};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use strum::IntoStaticStr;

/// The page's path.
pub const PATH: &str = "/troubleshooting";

/// One thing the page checks, in the order it shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum CheckId {
    Discovery,
    Issuer,
    Endpoints,
    Pkce,
    EndSession,
    BackChannelLogout,
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

    pub fn title(self, locale: Locale) -> &'static str {
        match self {
            Self::Discovery => td_string!(locale, troubleshooting.checks.discovery),
            Self::Issuer => td_string!(locale, troubleshooting.checks.issuer),
            Self::Endpoints => td_string!(locale, troubleshooting.checks.endpoints),
            Self::Pkce => td_string!(locale, troubleshooting.checks.pkce),
            Self::EndSession => td_string!(locale, troubleshooting.checks.end_session),
            Self::BackChannelLogout => td_string!(locale, back_channel.check),
            Self::SigningAlgorithms => td_string!(locale, troubleshooting.checks.signing_algorithms),
            Self::SigningKeys => td_string!(locale, troubleshooting.checks.signing_keys),
            Self::Clock => td_string!(locale, troubleshooting.checks.clock),
            Self::Address => td_string!(locale, troubleshooting.checks.address),
            Self::SessionCookie => td_string!(locale, troubleshooting.checks.session_cookie),
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
    /// What was found, in plain words, in the person's language.
    pub finding: String,
    /// What to do about a warning.
    pub advice: Option<String>,
    /// What lies behind the finding (an error's chain, a measured figure): for the team only.
    pub detail: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub redirect_uri: String,
    pub post_logout_redirect_uri: String,
    pub backchannel_logout_uri: String,
    pub checks: Vec<Check>,
    /// Whether the checks' details are in: only for the site's team.
    pub with_details: bool,
}

/// The live checks, as this request and this browser see them, told in the page's language.
#[server]
pub async fn troubleshooting_report() -> Result<Report, AppError> {
    use crate::auth::request::AuthRequest;
    use crate::team_members::Membership;
    use sign_in::errors::ErrorCode;

    let request = AuthRequest::from_server_fn().await?;
    // A session that cannot be read is nobody's on the team: the page still works while the
    // database is down.
    let with_details = Membership::of(&request).await.is_ok_and(|visitor| visitor == Membership::Member);
    let parts = use_context::<axum::http::request::Parts>().ok_or(AppError::new(ErrorCode::Unknown))?;
    let locale = crate::locale::for_request(&parts.headers, parts.uri.query());
    let inspections = crate::state::from_context::<std::sync::Arc<checks::Inspections>>()?;
    let sign_in = &request.sign_in;
    let inspection = inspections.latest(&sign_in.oidc, &sign_in.rules.clock).await;
    let mut checks =
        checks::of_the_idp(locale, &inspection, sign_in.oidc.issuer(), sign_in.oidc.clock_leeway());
    checks.push(checks::address(
        locale,
        parts.extensions.get::<crate::browser_address::BrowserAddress>(),
        sign_in.oidc.redirect_uri(),
    ));
    checks.push(checks::session_cookie(locale, request.session.exists()));
    if !with_details {
        checks.iter_mut().for_each(|check| check.detail = None);
    }
    Ok(Report {
        redirect_uri: sign_in.oidc.redirect_uri().to_owned(),
        post_logout_redirect_uri: sign_in.oidc.post_logout_redirect_uri().to_owned(),
        backchannel_logout_uri: sign_in.oidc.backchannel_logout_uri(),
        checks,
        with_details,
    })
}
