//! `/auth/popup`: where a popup sign-in ends, inside the popup. `?return_to=…` after a
//! sign-in, `?code=…&ref=…` after a failure.

use super::reporter::PopupReporter;
use super::PopupOutcome;
use crate::auth::return_to::safe_return_to;
use crate::errors::{is_reference, ErrorCode};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PopupPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let (outcome, continue_to) = match query.get("code") {
        Some(code) => {
            let code = ErrorCode::parse(&code);
            let reference = query.get("ref").filter(|reference| is_reference(reference));
            let error_page = paths::auth_error(code.as_str(), reference.as_deref().unwrap_or_default());
            (PopupOutcome::Failed { code, reference }, error_page)
        }
        None => (PopupOutcome::SignedIn, safe_return_to(query.get("return_to").as_deref())),
    };
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
                <a href=continue_to.clone() class="button primary">"Continue here"</a>
            </p>
            <PopupReporter outcome continue_to/>
        </section>
    }
}
