use crate::components::page_meta::PageMeta;
use crate::i18n::td_string;
use crate::locale::use_locale;
use crate::paths;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let locale = use_locale();
    view! {
        <PageMeta title=td_string!(locale, not_found.title) description=td_string!(locale, not_found.description)/>
        <section class="panel narrow">
            <h1>{td_string!(locale, not_found.heading)}</h1>
            <p>{td_string!(locale, not_found.text)}</p>
            <a href=paths::HOME class="button primary">{td_string!(locale, not_found.go_home)}</a>
        </section>
    }
}
