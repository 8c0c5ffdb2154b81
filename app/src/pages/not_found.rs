use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found"/>
        <section class="panel narrow">
            <h1>"We couldn't find that page"</h1>
            <p>"The link may be old or mistyped. Nothing is lost: start again from the home page."</p>
            <a href=paths::HOME class="button primary">"Go home"</a>
        </section>
    }
}
