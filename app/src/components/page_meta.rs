use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// A page's title (the site's name follows it) and its description for search engines and
/// link previews, both in the page's language.
#[component]
pub fn PageMeta(#[prop(into)] title: String, #[prop(into)] description: String) -> impl IntoView {
    view! {
        <Title text=title/>
        <Meta name="description" content=description/>
    }
}
