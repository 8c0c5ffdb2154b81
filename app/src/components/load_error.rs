use super::reference::Reference;
use crate::errors::AppError;
use leptos::prelude::*;
use sign_in::errors::is_reference;

/// A page whose data could not be loaded: what failed, the catalogue's title for why, the
/// reference the server logged it under, and a way to try again (the empty link reloads the
/// same address). Rendered on the server, the page answers 503 while our storage is down,
/// so monitors and proxies see the outage too.
#[component]
pub fn LoadError(what: &'static str, error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.page_status());
    }
    let reference = error.reference.filter(|r| is_reference(r));
    view! {
        <section class="panel narrow" data-testid="load-error" data-code=error.code.as_str()>
            <h1>{what}</h1>
            <p>{format!("{}. Please try again in a moment.", error.code.entry().title)}</p>
            {reference.map(|reference| view! { <Reference reference/> })}
            <a href="" class="button primary">"Try again"</a>
        </section>
    }
}
