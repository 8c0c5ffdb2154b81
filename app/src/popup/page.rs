//! `/auth/popup`: where a popup sign-in ends, inside the popup. `?return_to=…` after a
//! sign-in, `?code=…&ref=…` after a failure.

use super::reporter::PopupReporter;
use super::{PopupOutcome, PopupReport};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PopupPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let PopupReport { outcome, continue_to } = PopupOutcome::from_query(|name| query.get(name));
    let (heading, text) = match &outcome {
        PopupOutcome::SignedIn => {
            ("You're signed in", "This window closes by itself, and the page you came from updates.")
        }
        PopupOutcome::Failed { code, .. } => (
            code.entry().title,
            "This window closes by itself, and the page you came from explains what to do.",
        ),
    };
    view! {
        <Title text=heading/>
        <section class="panel narrow" data-testid="popup-done">
            <h1>{heading}</h1>
            <p>{text}</p>
            <p>
                <a href=continue_to class="button primary">"Continue here"</a>
            </p>
            <PopupReporter/>
        </section>
    }
}
