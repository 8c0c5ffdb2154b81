//! Every failure a user can meet, in plain words. The single source of truth for what the
//! error page says: server and browser both render from here, and nothing the IdP sent is
//! ever shown, only the code we mapped it to.

use serde::{Deserialize, Serialize};

/// A stable, URL-safe failure code. The string form (`as_str`) is part of the public
/// contract: `/auth/error?code=<code>` links and the team's error log use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// One catalogue entry: what to tell the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub title: &'static str,
    pub what_happened: &'static str,
    pub what_to_do: &'static str,
    pub action: Action,
    /// The fault lies with the site's setup, not with the user.
    pub operator_fault: bool,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 23] = [
        Self::InvalidRequest,
        Self::UnauthorizedClient,
        Self::AccessDenied,
        Self::InvalidScope,
        Self::ServerError,
        Self::TemporarilyUnavailable,
        Self::LoginRequired,
        Self::ConsentRequired,
        Self::InteractionRequired,
        Self::InvalidGrant,
        Self::InvalidClient,
        Self::UnsupportedGrantType,
        Self::StateMissing,
        Self::StateMismatch,
        Self::LoginExpired,
        Self::CallbackMalformed,
        Self::CallbackReplayed,
        Self::IdTokenRejected,
        Self::UserinfoMismatch,
        Self::IdpUnreachable,
        Self::DiscoveryFailed,
        Self::DatabaseUnavailable,
        Self::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::AccessDenied => "access_denied",
            Self::InvalidScope => "invalid_scope",
            Self::ServerError => "server_error",
            Self::TemporarilyUnavailable => "temporarily_unavailable",
            Self::LoginRequired => "login_required",
            Self::ConsentRequired => "consent_required",
            Self::InteractionRequired => "interaction_required",
            Self::InvalidGrant => "invalid_grant",
            Self::InvalidClient => "invalid_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::StateMissing => "state_missing",
            Self::StateMismatch => "state_mismatch",
            Self::LoginExpired => "login_expired",
            Self::CallbackMalformed => "callback_malformed",
            Self::CallbackReplayed => "callback_replayed",
            Self::IdTokenRejected => "id_token_rejected",
            Self::UserinfoMismatch => "userinfo_mismatch",
            Self::IdpUnreachable => "idp_unreachable",
            Self::DiscoveryFailed => "discovery_failed",
            Self::DatabaseUnavailable => "database_unavailable",
            Self::Unknown => "unknown",
        }
    }

    /// Reads a code from a URL or an IdP response. Unknown text maps to [`ErrorCode::Unknown`],
    /// so a page can never be made to echo what it was given.
    pub fn parse(text: &str) -> Self {
        Self::from_known(text).unwrap_or(Self::Unknown)
    }

    /// The code spelled exactly `text`, if there is one.
    pub fn from_known(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|code| code.as_str() == text)
    }

    pub fn entry(self) -> Entry {
        use Action::*;
        let (title, what_happened, what_to_do, action, operator_fault) = match self {
            Self::AccessDenied => (
                "Sign-in cancelled",
                "You chose not to share your Intastellar account with this site, so nothing was signed in.",
                "That's fine. If it was a slip, you can start again whenever you like.",
                GoHome,
                false,
            ),
            Self::InvalidRequest => (
                "This sign-in request wasn't accepted",
                "Intastellar rejected the sign-in request this site sent. This is a problem with the site, not with your account; the team has been told.",
                "Please try again. If it keeps happening, come back a little later.",
                TryAgain,
                true,
            ),
            Self::UnauthorizedClient => (
                "This site's sign-in is misconfigured",
                "Intastellar does not allow this site to sign people in this way. The team has been told.",
                "There is nothing you can do right now; please come back later.",
                ContactSite,
                true,
            ),
            Self::InvalidScope => (
                "This site asked for the wrong permissions",
                "Intastellar refused the permissions this site asked for. This site's sign-in is misconfigured; the team has been told.",
                "Please try again later.",
                ContactSite,
                true,
            ),
            Self::ServerError => (
                "Intastellar had a problem",
                "Intastellar's sign-in service ran into an error while handling your sign-in.",
                "Wait a moment and try again.",
                TryAgain,
                false,
            ),
            Self::TemporarilyUnavailable => (
                "Intastellar is busy right now",
                "Intastellar's sign-in service is temporarily unavailable.",
                "Wait a minute and try again.",
                TryAgain,
                false,
            ),
            Self::LoginRequired => (
                "Please sign in at Intastellar",
                "Intastellar needs you to sign in before you can continue.",
                "Try again and sign in when Intastellar asks.",
                TryAgain,
                false,
            ),
            Self::ConsentRequired => (
                "Your permission is needed",
                "Intastellar needs you to agree to share your account with this site.",
                "Try again and choose Allow when Intastellar asks.",
                TryAgain,
                false,
            ),
            Self::InteractionRequired => (
                "Intastellar needs your input",
                "Intastellar needs you to confirm something before signing you in.",
                "Try again and follow Intastellar's steps.",
                TryAgain,
                false,
            ),
            Self::InvalidGrant => (
                "That sign-in link was already used or has expired",
                "Each sign-in can be completed only once and only for a short time. This one was used already, or it took too long.",
                "Start a fresh sign-in; it only takes a moment.",
                TryAgain,
                false,
            ),
            Self::InvalidClient => (
                "This site's sign-in is misconfigured",
                "Intastellar did not recognise this site's credentials. The team has been told.",
                "There is nothing you can do right now; please come back later.",
                ContactSite,
                true,
            ),
            Self::UnsupportedGrantType => (
                "This site's sign-in is misconfigured",
                "Intastellar does not support the way this site completes sign-in. The team has been told.",
                "There is nothing you can do right now; please come back later.",
                ContactSite,
                true,
            ),
            Self::StateMissing => (
                "We couldn't match this sign-in",
                "The page that brought you here was missing the check that ties it to your sign-in.",
                "Start a fresh sign-in from this site.",
                TryAgain,
                false,
            ),
            Self::StateMismatch => (
                "We couldn't match this sign-in",
                "This sign-in was started in another browser or tab, or it was already completed.",
                "Start a fresh sign-in from this browser.",
                TryAgain,
                false,
            ),
            Self::LoginExpired => (
                "Your sign-in took too long",
                "For your safety, a sign-in must be finished within a few minutes of starting it.",
                "Start a fresh sign-in and finish it in one go.",
                TryAgain,
                false,
            ),
            Self::CallbackMalformed => (
                "That sign-in link is incomplete",
                "The link that brought you back to this site was damaged or incomplete.",
                "Start a fresh sign-in from this site.",
                TryAgain,
                false,
            ),
            Self::CallbackReplayed => (
                "You're already signed in",
                "This sign-in link was already used to sign you in.",
                "Carry on where you were; there is nothing more to do.",
                GoHome,
                false,
            ),
            Self::IdTokenRejected => (
                "We couldn't verify your sign-in",
                "The proof of identity Intastellar sent did not pass our security checks, so we did not sign you in.",
                "Try again. If it keeps happening, check that your device's clock is right and tell the site's team the reference below.",
                TryAgain,
                false,
            ),
            Self::UserinfoMismatch => (
                "We couldn't verify your sign-in",
                "The account details Intastellar sent did not match the account that signed in, so we stopped for your safety.",
                "Try again. If it keeps happening, tell the site's team the reference below.",
                TryAgain,
                false,
            ),
            Self::IdpUnreachable => (
                "We couldn't reach Intastellar",
                "Intastellar's sign-in service did not answer in time.",
                "Wait a moment and try again.",
                TryAgain,
                false,
            ),
            Self::DiscoveryFailed => (
                "Sign-in is unavailable right now",
                "This site couldn't load Intastellar's sign-in settings. This site's sign-in is misconfigured or Intastellar is down; the team has been told.",
                "Please try again in a few minutes.",
                TryAgain,
                true,
            ),
            Self::DatabaseUnavailable => (
                "This site is having trouble",
                "We couldn't reach our own storage, so we couldn't finish signing you in. The team has been told.",
                "Please try again in a few minutes.",
                TryAgain,
                true,
            ),
            Self::Unknown => (
                "Something went wrong while signing in",
                "Sign-in didn't complete, for a reason we didn't expect.",
                "Please try again. If it keeps happening, tell the site's team the reference below.",
                TryAgain,
                false,
            ),
        };
        Entry { title, what_happened, what_to_do, action, operator_fault }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_its_string() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), code);
        }
    }

    #[test]
    fn unknown_text_falls_back_to_the_generic_entry() {
        for text in ["", "nope", "<script>", "ACCESS_DENIED", "access_denied "] {
            assert_eq!(ErrorCode::parse(text), ErrorCode::Unknown);
        }
    }

    #[test]
    fn every_code_has_words_and_an_action() {
        for code in ErrorCode::ALL {
            let entry = code.entry();
            assert!(!entry.title.is_empty(), "{code:?} has no title");
            assert!(entry.what_happened.ends_with('.'), "{code:?}");
            assert!(entry.what_to_do.ends_with('.'), "{code:?}");
        }
    }

    #[test]
    fn operator_faults_never_blame_the_user() {
        for code in ErrorCode::ALL.into_iter().filter(|c| c.entry().operator_fault) {
            let text = format!("{} {}", code.entry().what_happened, code.entry().what_to_do);
            assert!(!text.contains("you did"), "{code:?}");
        }
        for code in ErrorCode::ALL.into_iter().filter(|c| c.entry().operator_fault) {
            assert!(code.entry().what_happened.to_lowercase().contains("the team has been told"), "{code:?}");
        }
        for code in [ErrorCode::InvalidClient, ErrorCode::UnauthorizedClient, ErrorCode::DiscoveryFailed] {
            assert!(code.entry().operator_fault, "{code:?}");
            let words = format!("{} {}", code.entry().title, code.entry().what_happened);
            assert!(words.contains("misconfigured"), "{code:?}");
        }
    }

    #[test]
    fn a_cancelled_sign_in_is_calm() {
        let entry = ErrorCode::AccessDenied.entry();
        assert_eq!(entry.action, Action::GoHome);
        assert!(!entry.operator_fault);
    }
}
