//! How the site tells a failure, wherever it does: the catalogue's words for its code, in the
//! page's language, and the reference it was logged under. Each place wraps them in its own
//! panel and actions.

use super::reference::Reference;
use crate::i18n::{td_string, Locale};
use crate::locale::use_locale;
use leptos::either::Either;
use leptos::prelude::*;
use sign_in::errors::{is_reference, ErrorCode};

/// The level of the failure's title: a page's own heading, or one inside a page's panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Heading {
    #[default]
    H1,
    H2,
}

/// The catalogue's entry for `code`: its title at the `heading` level, what happened and what
/// to do, then `reference` if it is well-formed (a reference from a URL may be anything).
#[component]
pub fn Failure(
    code: ErrorCode,
    reference: Option<String>,
    #[prop(optional)] heading: Heading,
) -> impl IntoView {
    let words = Words::of(code, use_locale());
    let title = match heading {
        Heading::H1 => Either::Left(view! { <h1 data-testid="error-title">{words.title}</h1> }),
        Heading::H2 => Either::Right(view! { <h2 data-testid="error-title">{words.title}</h2> }),
    };
    let reference = reference.filter(|reference| is_reference(reference));
    view! {
        <div class="failure">
            {title}
            <p>{words.what_happened}</p>
            <p>{words.what_to_do}</p>
            {reference.map(|reference| view! { <Reference reference/> })}
        </div>
    }
}

/// What the catalogue says about a failure, in one language. The sign-in core keeps each
/// code's action and whose fault it is; the words are the app's (`errors.<code>` in
/// `app/locales/<language>.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    pub title: &'static str,
    pub what_happened: &'static str,
    pub what_to_do: &'static str,
}

impl Words {
    /// One arm per code, so a new code does not compile until it has words.
    pub fn of(code: ErrorCode, locale: Locale) -> Self {
        macro_rules! words {
            ($code:ident) => {
                Words {
                    title: td_string!(locale, errors.$code.title),
                    what_happened: td_string!(locale, errors.$code.what_happened),
                    what_to_do: td_string!(locale, errors.$code.what_to_do),
                }
            };
        }
        match code {
            ErrorCode::InvalidRequest => words!(invalid_request),
            ErrorCode::UnauthorizedClient => words!(unauthorized_client),
            ErrorCode::AccessDenied => words!(access_denied),
            ErrorCode::InvalidScope => words!(invalid_scope),
            ErrorCode::ServerError => words!(server_error),
            ErrorCode::TemporarilyUnavailable => words!(temporarily_unavailable),
            ErrorCode::LoginRequired => words!(login_required),
            ErrorCode::ConsentRequired => words!(consent_required),
            ErrorCode::InteractionRequired => words!(interaction_required),
            ErrorCode::InvalidGrant => words!(invalid_grant),
            ErrorCode::InvalidClient => words!(invalid_client),
            ErrorCode::UnsupportedGrantType => words!(unsupported_grant_type),
            ErrorCode::StateMissing => words!(state_missing),
            ErrorCode::StateMismatch => words!(state_mismatch),
            ErrorCode::LoginExpired => words!(login_expired),
            ErrorCode::CallbackMalformed => words!(callback_malformed),
            ErrorCode::CallbackReplayed => words!(callback_replayed),
            ErrorCode::IdTokenRejected => words!(id_token_rejected),
            ErrorCode::UserinfoMismatch => words!(userinfo_mismatch),
            ErrorCode::IdpUnreachable => words!(idp_unreachable),
            ErrorCode::DiscoveryFailed => words!(discovery_failed),
            ErrorCode::DatabaseUnavailable => words!(database_unavailable),
            ErrorCode::RateLimited => words!(rate_limited),
            ErrorCode::CrossSiteRequest => words!(cross_site_request),
            ErrorCode::EmbeddedRequest => words!(embedded_request),
            ErrorCode::IssMismatch => words!(iss_mismatch),
            ErrorCode::RefreshRefused => words!(refresh_refused),
            ErrorCode::LogoutTokenRejected => words!(logout_token_rejected),
            ErrorCode::AuthTimeRejected => words!(auth_time_rejected),
            ErrorCode::Unknown => words!(unknown),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos_i18n::Locale as _;
    use sign_in::errors::Action;

    /// `errors` in the English catalogue, keyed by code.
    fn english() -> serde_json::Value {
        let catalogue: serde_json::Value =
            serde_json::from_str(include_str!("../../locales/en.json")).expect("en.json is JSON");
        catalogue["errors"].clone()
    }

    #[test]
    fn every_code_reads_its_own_words() {
        let english = english();
        for code in ErrorCode::all() {
            let words = Words::of(code, Locale::en);
            let expected = &english[code.as_str()];
            assert_eq!(expected["title"], words.title, "{code:?}");
            assert_eq!(expected["what_happened"], words.what_happened, "{code:?}");
            assert_eq!(expected["what_to_do"], words.what_to_do, "{code:?}");
        }
    }

    #[test]
    fn every_code_has_words_in_every_language() {
        for &locale in Locale::get_all() {
            for code in ErrorCode::all() {
                let words = Words::of(code, locale);
                assert!(!words.title.is_empty(), "{code:?} in {locale:?}");
                assert!(words.what_happened.ends_with('.'), "{code:?} in {locale:?}");
                assert!(words.what_to_do.ends_with('.'), "{code:?} in {locale:?}");
            }
        }
    }

    #[test]
    fn operator_faults_never_blame_the_user() {
        for code in ErrorCode::all().filter(|code| code.entry().operator_fault) {
            let words = Words::of(code, Locale::en);
            assert!(!format!("{} {}", words.what_happened, words.what_to_do).contains("you did"), "{code:?}");
            assert!(words.what_happened.to_lowercase().contains("the team has been told"), "{code:?}");
        }
        for code in [ErrorCode::InvalidClient, ErrorCode::UnauthorizedClient, ErrorCode::DiscoveryFailed] {
            let words = Words::of(code, Locale::en);
            assert!(format!("{} {}", words.title, words.what_happened).contains("misconfigured"), "{code:?}");
        }
        assert_eq!(ErrorCode::AccessDenied.entry().action, Action::GoHome, "a cancelled sign-in is calm");
    }
}
