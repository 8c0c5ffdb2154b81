use crate::i18n::td;
use crate::locale::use_locale;
use leptos::prelude::*;

/// The reference a failure was logged under, for the person to quote to the site's team.
/// [`super::failure::Failure`] passes only a well-formed reference (`errors::is_reference`).
#[component]
pub fn Reference(reference: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="reference">
            {td!(locale, failure.reference, reference, <code> = <code data-testid="error-reference"/>)}
        </p>
    }
}
