use leptos::prelude::*;

/// The reference a failure was logged under, for the person to quote to the site's team.
/// [`super::failure::Failure`] passes only a well-formed reference (`errors::is_reference`).
#[component]
pub fn Reference(reference: String) -> impl IntoView {
    view! { <p class="reference">"Reference: " <code data-testid="error-reference">{reference}</code></p> }
}
