//! `/auth/popup`: where a popup sign-in ends, inside the popup. `?return_to=…` after a
//! sign-in, `?code=…&ref=…` after a failure, and the `attempt` either way.

use super::reporter::{PopupReporter, CLOSE, FINISHED, NEXT};
use super::{PopupOutcome, PopupReport};
use crate::components::failure::{Failure, Words};
use crate::components::page_meta::PageMeta;
use crate::i18n::td_string;
use crate::locale::use_locale;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PopupPage() -> impl IntoView {
    keep_the_opener();
    let locale = use_locale();
    let query = use_query_map().get_untracked();
    let PopupReport { outcome, continue_to, .. } = PopupOutcome::from_query(|name| query.get(name));
    let (title, heading, next) = match outcome {
        PopupOutcome::SignedIn => (
            td_string!(locale, popup.signed_in),
            Either::Left(view! { <h1>{td_string!(locale, popup.signed_in)}</h1> }),
            td_string!(locale, popup.signed_in_next),
        ),
        PopupOutcome::Failed { code, reference } => (
            Words::of(code, locale).title,
            Either::Right(view! { <Failure code reference/> }),
            td_string!(locale, popup.failed_next),
        ),
    };
    view! {
        <PageMeta title description=td_string!(locale, popup.description)/>
        <section class="panel narrow" data-testid="popup-done">
            {heading}
            // What happens next, or, once the popup finished here, what to do: both rendered
            // here, and the reporter shows the one that applies.
            <PopupReporter>
                <div data-popup-part=NEXT>
                    <p>{next}</p>
                </div>
                <div data-popup-part=FINISHED hidden>
                    <p data-testid="popup-finished-here">{td_string!(locale, popup.finished_here)}</p>
                    <p>
                        <button type="button" class="button" data-testid="popup-close" data-popup-action=CLOSE>
                            {td_string!(locale, popup.close_window)}
                        </button>
                    </p>
                </div>
            </PopupReporter>
            <p>
                <a href=continue_to class="button primary">{td_string!(locale, popup.continue_here)}</a>
            </p>
        </section>
    }
}

/// The site's pages send `Cross-Origin-Opener-Policy: same-origin-allow-popups`, which would
/// cut this page, arriving from the IdP's, off from the window that opened the popup: this
/// one page keeps its opener, to report to it.
fn keep_the_opener() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        use axum::http::{header::HeaderName, HeaderValue};
        let policy = HeaderName::from_static("cross-origin-opener-policy");
        response.insert_header(policy, HeaderValue::from_static("unsafe-none"));
    }
}
