//! `/auth/popup`: where a popup sign-in ends, inside the popup. `?return_to=…` after a
//! sign-in, `?code=…&ref=…` after a failure, and the `attempt` either way.

use super::reporter::PopupReporter;
use super::{PopupOutcome, PopupReport};
use crate::components::failure::Failure;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PopupPage() -> impl IntoView {
    keep_the_opener();
    let query = use_query_map().get_untracked();
    let PopupReport { outcome, continue_to, .. } = PopupOutcome::from_query(|name| query.get(name));
    let (title, heading, text) = match outcome {
        PopupOutcome::SignedIn => (
            "You're signed in",
            Either::Left(view! { <h1>"You're signed in"</h1> }),
            "This window closes by itself, and the page you came from updates.",
        ),
        PopupOutcome::Failed { code, reference } => (
            code.entry().title,
            Either::Right(view! { <Failure code reference/> }),
            "This window closes by itself, and the page you came from explains what to do.",
        ),
    };
    view! {
        <Title text=title/>
        <section class="panel narrow" data-testid="popup-done">
            {heading}
            <PopupReporter>
                <p>{text}</p>
            </PopupReporter>
            <p>
                <a href=continue_to class="button primary">"Continue here"</a>
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
