use super::failure::{Failure, Heading};
use crate::errors::AppError;
use crate::i18n::td_string;
use crate::locale::use_locale;
use leptos::prelude::*;

/// A page whose data could not be loaded: what failed, the catalogue's entry for why with the
/// reference the server logged it under, and a way to try again (the empty link reloads the
/// same address). Rendered on the server, the page answers 503 while our storage is down,
/// so monitors and proxies see the outage too.
#[component]
pub fn LoadError(what: &'static str, error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.page_status());
    }
    let locale = use_locale();
    view! {
        <section class="panel narrow" data-testid="load-error" data-code=error.code.as_str()>
            <h1>{what}</h1>
            <Failure code=error.code reference=error.reference heading=Heading::H2/>
            <a href="" class="button primary">{td_string!(locale, buttons.try_again)}</a>
        </section>
    }
}
