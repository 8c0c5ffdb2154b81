//! Every failure a user can meet, in plain words. The single source of truth for what the
//! error page says: server and browser both render from here, and nothing the IdP sent is
//! ever shown, only the code we mapped it to. The end-to-end specs read it as JSON, printed
//! by `examples/catalogue.rs`.

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
            Self::AccessDenied => Entry {
                title: "Sign-in cancelled",
                what_happened: "You chose not to share your Intastellar account with this site, so nothing was signed in.",
                what_to_do: "That's fine. If it was a slip, you can start again whenever you like.",
                action: GoHome,
                operator_fault: false,
            },
            Self::InvalidRequest => Entry {
                title: "This sign-in request wasn't accepted",
                what_happened: "Intastellar rejected the sign-in request this site sent. This is a problem with the site, not with your account; the team has been told.",
                what_to_do: "Please try again. If it keeps happening, come back a little later.",
                action: TryAgain,
                operator_fault: true,
            },
            Self::UnauthorizedClient => Entry {
                title: "This site's sign-in is misconfigured",
                what_happened: "Intastellar does not allow this site to sign people in this way. The team has been told.",
                what_to_do: "There is nothing you can do right now; please come back later.",
                action: ContactSite,
                operator_fault: true,
            },
            Self::InvalidScope => Entry {
                title: "This site asked for the wrong permissions",
                what_happened: "Intastellar refused the permissions this site asked for. This site's sign-in is misconfigured; the team has been told.",
                what_to_do: "Please try again later.",
                action: ContactSite,
                operator_fault: true,
            },
            Self::ServerError => Entry {
                title: "Intastellar had a problem",
                what_happened: "Intastellar's sign-in service ran into an error while handling your sign-in.",
                what_to_do: "Wait a moment and try again.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::TemporarilyUnavailable => Entry {
                title: "Intastellar is busy right now",
                what_happened: "Intastellar's sign-in service is temporarily unavailable.",
                what_to_do: "Wait a minute and try again.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::LoginRequired => Entry {
                title: "Please sign in at Intastellar",
                what_happened: "Intastellar needs you to sign in before you can continue.",
                what_to_do: "Try again and sign in when Intastellar asks.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::ConsentRequired => Entry {
                title: "Your permission is needed",
                what_happened: "Intastellar needs you to agree to share your account with this site.",
                what_to_do: "Try again and choose Allow when Intastellar asks.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::InteractionRequired => Entry {
                title: "Intastellar needs your input",
                what_happened: "Intastellar needs you to confirm something before signing you in.",
                what_to_do: "Try again and follow Intastellar's steps.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::InvalidGrant => Entry {
                title: "That sign-in link was already used or has expired",
                what_happened: "Each sign-in can be completed only once and only for a short time. This one was used already, or it took too long.",
                what_to_do: "Start a fresh sign-in; it only takes a moment.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::InvalidClient => Entry {
                title: "This site's sign-in is misconfigured",
                what_happened: "Intastellar did not recognise this site's credentials. The team has been told.",
                what_to_do: "There is nothing you can do right now; please come back later.",
                action: ContactSite,
                operator_fault: true,
            },
            Self::UnsupportedGrantType => Entry {
                title: "This site's sign-in is misconfigured",
                what_happened: "Intastellar does not support the way this site completes sign-in. The team has been told.",
                what_to_do: "There is nothing you can do right now; please come back later.",
                action: ContactSite,
                operator_fault: true,
            },
            Self::StateMissing => Entry {
                title: "We couldn't match this sign-in",
                what_happened: "The page that brought you here was missing the check that ties it to your sign-in.",
                what_to_do: "Start a fresh sign-in from this site.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::StateMismatch => Entry {
                title: "We couldn't match this sign-in",
                what_happened: "This sign-in was started in another browser or tab, or it was already completed.",
                what_to_do: "Start a fresh sign-in from this browser.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::LoginExpired => Entry {
                title: "Your sign-in took too long",
                what_happened: "For your safety, a sign-in must be finished within a few minutes of starting it.",
                what_to_do: "Start a fresh sign-in and finish it in one go.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::CallbackMalformed => Entry {
                title: "That sign-in link is incomplete",
                what_happened: "The link that brought you back to this site was damaged or incomplete.",
                what_to_do: "Start a fresh sign-in from this site.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::CallbackReplayed => Entry {
                title: "You're already signed in",
                what_happened: "This sign-in link was already used to sign you in.",
                what_to_do: "Carry on where you were; there is nothing more to do.",
                action: GoHome,
                operator_fault: false,
            },
            Self::IdTokenRejected => Entry {
                title: "We couldn't verify your sign-in",
                what_happened: "The proof of identity Intastellar sent did not pass our security checks, so we did not sign you in.",
                what_to_do: "Try again. If it keeps happening, check that your device's clock is right and tell the site's team the reference below.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::UserinfoMismatch => Entry {
                title: "We couldn't verify your sign-in",
                what_happened: "The account details Intastellar sent did not match the account that signed in, so we stopped for your safety.",
                what_to_do: "Try again. If it keeps happening, tell the site's team the reference below.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::IdpUnreachable => Entry {
                title: "We couldn't reach Intastellar",
                what_happened: "Intastellar's sign-in service did not answer in time.",
                what_to_do: "Wait a moment and try again.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::DiscoveryFailed => Entry {
                title: "Sign-in is unavailable right now",
                what_happened: "This site couldn't load Intastellar's sign-in settings. This site's sign-in is misconfigured or Intastellar is down; the team has been told.",
                what_to_do: "Please try again in a few minutes.",
                action: TryAgain,
                operator_fault: true,
            },
            Self::DatabaseUnavailable => Entry {
                title: "This site is having trouble",
                what_happened: "We couldn't reach our own storage, so we couldn't do what you asked. The team has been told.",
                what_to_do: "Please try again in a few minutes.",
                action: TryAgain,
                operator_fault: true,
            },
            Self::RateLimited => Entry {
                title: "Too many sign-in attempts",
                what_happened: "This site received a lot of sign-in requests in a short time, so it paused them for a moment to keep accounts safe.",
                what_to_do: "Wait a minute, then try again.",
                action: GoHome,
                operator_fault: false,
            },
            Self::CrossSiteRequest => Entry {
                title: "This request came from another site",
                what_happened: "A form on another website tried to act on this site for you, so we stopped it. Nothing was changed.",
                what_to_do: "If you meant to do this, open this site's home page and try again from there.",
                action: GoHome,
                operator_fault: false,
            },
            Self::EmbeddedRequest => Entry {
                title: "This sign-in address only opens as a page",
                what_happened: "A web page tried to load this site's sign-in in the background, as an image, a script or a request of its own, so we stopped it. Nothing was changed.",
                what_to_do: "To sign in, open this site's home page and start from there.",
                action: GoHome,
                operator_fault: false,
            },
            Self::IssMismatch => Entry {
                title: "We couldn't verify where this sign-in came from",
                what_happened: "The answer that brought you back named another sign-in service than the one this site uses, so we stopped for your safety.",
                what_to_do: "Start a fresh sign-in from this site. If it keeps happening, tell the site's team the reference below.",
                action: TryAgain,
                operator_fault: false,
            },
            Self::Unknown => Entry {
                title: "Something went wrong while signing in",
                what_happened: "Sign-in didn't complete, for a reason we didn't expect.",
                what_to_do: "Please try again. If it keeps happening, tell the site's team the reference below.",
                action: TryAgain,
                operator_fault: false,
            },
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
    fn every_code_has_words_and_an_action() {
        for code in ErrorCode::all() {
            let entry = code.entry();
            assert!(!entry.title.is_empty(), "{code:?} has no title");
            assert!(entry.what_happened.ends_with('.'), "{code:?}");
            assert!(entry.what_to_do.ends_with('.'), "{code:?}");
        }
    }

    #[test]
    fn operator_faults_never_blame_the_user() {
        for code in ErrorCode::all().filter(|c| c.entry().operator_fault) {
            let text = format!("{} {}", code.entry().what_happened, code.entry().what_to_do);
            assert!(!text.contains("you did"), "{code:?}");
        }
        for code in ErrorCode::all().filter(|c| c.entry().operator_fault) {
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
