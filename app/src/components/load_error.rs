use crate::errors::AppError;
use leptos::prelude::*;

/// A page whose data could not be loaded: what failed, the catalogue's title for why, and a
/// way to try again (the empty link reloads the same address).
#[component]
pub fn LoadError(what: &'static str, error: AppError) -> impl IntoView {
    view! {
        <section class="panel narrow" data-testid="load-error" data-code=error.0.as_str()>
            <h1>{what}</h1>
            <p>{format!("{}. Please try again in a moment.", error.0.entry().title)}</p>
            <a href="" class="button primary">"Try again"</a>
        </section>
    }
}
