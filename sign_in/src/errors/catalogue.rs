//! Every failure a user can meet: its code, what the error page offers and whose fault it is.
//! Nothing the IdP sent is ever shown, only the code we mapped it to. The words, in every
//! language, are the app's (`errors.<code>` in `app/locales/<language>.json`): the core knows
//! no language. `examples/catalogue.rs` prints the entries as JSON.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

/// A stable, URL-safe failure code. The string form (`as_str`) is part of the public
/// contract: `/auth/error?code=<code>` links and the team's error log use it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, EnumString, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ErrorCode {
    // Errors the IdP reports on the callback (authorize step) or from its token endpoint.
    InvalidRequest,
    UnauthorizedClient,
    AccessDenied,
    InvalidScope,
    ServerError,
    TemporarilyUnavailable,
    LoginRequired,
    ConsentRequired,
    InteractionRequired,
    InvalidGrant,
    InvalidClient,
    UnsupportedGrantType,
    // Our own checks.
    StateMissing,
    StateMismatch,
    LoginExpired,
    CallbackMalformed,
    /// A callback that already signed this browser in, seen again. Logged, never shown.
    CallbackReplayed,
    IdTokenRejected,
    UserinfoMismatch,
    IdpUnreachable,
    DiscoveryFailed,
    DatabaseUnavailable,
    /// Too many sign-in requests from one address (the rate limit). Only the server log
    /// has these, so that outsiders cannot fill the database.
    RateLimited,
    /// A form another site posted to this one, refused. Only the server log has these.
    CrossSiteRequest,
    /// A sign-in address loaded as part of a page (an image, a script, another site's fetch)
    /// rather than opened as one, refused. Only the server log has these.
    EmbeddedRequest,
    /// The authorization response named another issuer than ours (RFC 9207): a mix-up
    /// attack, or a misconfigured IdP.
    IssMismatch,
    /// The IdP refused to refresh the kept tokens (`invalid_grant`: revoked, expired or
    /// reused), so the session ended: the person signs in again.
    RefreshRefused,
    /// A logout token (OpenID Connect Back-Channel Logout) that failed a check: nothing was
    /// signed out. Logged for the team; the IdP's server, not a person, reads the answer.
    LogoutTokenRejected,
    /// A fresh sign-in asked for (`max_age`) came back without an `auth_time`, or with one
    /// older than asked: the sensitive action that needed it did not happen.
    AuthTimeRejected,
    /// Anything we do not recognise, including codes an IdP invents.
    Unknown,
}

/// What the error page offers as its main button.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Start sign-in again: the problem is likely gone on a second attempt.
    TryAgain,
    /// Go back home: trying again would fail the same way.
    GoHome,
    /// The site's configuration is wrong; only its team can fix it.
    ContactSite,
}

/// One catalogue entry: what the error page offers, and whose fault it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub action: Action,
    /// The fault lies with the site's setup, not with the user.
    pub operator_fault: bool,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Reads a code from a URL or an IdP response. Unknown text maps to [`ErrorCode::Unknown`],
    /// so a page can never be made to echo what it was given.
    pub fn parse(text: &str) -> Self {
        Self::from_known(text).unwrap_or(Self::Unknown)
    }

    /// The code spelled exactly `text`, if there is one.
    pub fn from_known(text: &str) -> Option<Self> {
        text.parse().ok()
    }

    pub fn entry(self) -> Entry {
        use Action::*;
        match self {
            Self::AccessDenied => Entry { action: GoHome, operator_fault: false },
            Self::InvalidRequest => Entry { action: TryAgain, operator_fault: true },
            Self::UnauthorizedClient => Entry { action: ContactSite, operator_fault: true },
            Self::InvalidScope => Entry { action: ContactSite, operator_fault: true },
            Self::ServerError => Entry { action: TryAgain, operator_fault: false },
            Self::TemporarilyUnavailable => Entry { action: TryAgain, operator_fault: false },
            Self::LoginRequired => Entry { action: TryAgain, operator_fault: false },
            Self::ConsentRequired => Entry { action: TryAgain, operator_fault: false },
            Self::InteractionRequired => Entry { action: TryAgain, operator_fault: false },
            Self::InvalidGrant => Entry { action: TryAgain, operator_fault: false },
            Self::InvalidClient => Entry { action: ContactSite, operator_fault: true },
            Self::UnsupportedGrantType => Entry { action: ContactSite, operator_fault: true },
            Self::StateMissing => Entry { action: TryAgain, operator_fault: false },
            Self::StateMismatch => Entry { action: TryAgain, operator_fault: false },
            Self::LoginExpired => Entry { action: TryAgain, operator_fault: false },
            Self::CallbackMalformed => Entry { action: TryAgain, operator_fault: false },
            Self::CallbackReplayed => Entry { action: GoHome, operator_fault: false },
            Self::IdTokenRejected => Entry { action: TryAgain, operator_fault: false },
            Self::UserinfoMismatch => Entry { action: TryAgain, operator_fault: false },
            Self::IdpUnreachable => Entry { action: TryAgain, operator_fault: false },
            Self::DiscoveryFailed => Entry { action: TryAgain, operator_fault: true },
            Self::DatabaseUnavailable => Entry { action: TryAgain, operator_fault: true },
            Self::RateLimited => Entry { action: GoHome, operator_fault: false },
            Self::CrossSiteRequest => Entry { action: GoHome, operator_fault: false },
            Self::EmbeddedRequest => Entry { action: GoHome, operator_fault: false },
            Self::IssMismatch => Entry { action: TryAgain, operator_fault: false },
            Self::RefreshRefused => Entry { action: TryAgain, operator_fault: false },
            Self::LogoutTokenRejected => Entry { action: GoHome, operator_fault: false },
            Self::AuthTimeRejected => Entry { action: TryAgain, operator_fault: false },
            Self::Unknown => Entry { action: TryAgain, operator_fault: false },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_its_string_and_json() {
        let codes: Vec<ErrorCode> = ErrorCode::all().collect();
        assert!(codes.contains(&ErrorCode::Unknown) && codes.len() > 20, "the list is derived, not kept");
        for code in codes {
            assert_eq!(ErrorCode::parse(code.as_str()), code);
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()), "serde and the URL agree");
        }
    }

    #[test]
    fn unknown_text_falls_back_to_the_generic_entry() {
        for text in ["", "nope", "<script>", "ACCESS_DENIED", "access_denied "] {
            assert_eq!(ErrorCode::parse(text), ErrorCode::Unknown);
        }
    }

    #[test]
    fn the_sites_own_misconfigurations_are_operator_faults() {
        for code in [ErrorCode::InvalidClient, ErrorCode::UnauthorizedClient, ErrorCode::DiscoveryFailed] {
            assert!(code.entry().operator_fault, "{code:?}");
            assert_ne!(code.entry().action, Action::GoHome, "{code:?}");
        }
    }

    #[test]
    fn a_cancelled_sign_in_is_calm() {
        let entry = ErrorCode::AccessDenied.entry();
        assert_eq!(entry.action, Action::GoHome);
        assert!(!entry.operator_fault);
    }
}
