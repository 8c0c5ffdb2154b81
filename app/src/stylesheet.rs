//! The site's stylesheet, under its content-hashed name in release builds.
//!
//! Leptos' `HashedStylesheet` reads the build's list of hashes from disk on every page. The
//! server reads it once, at start-up, and hands the stylesheet's address to every page.

use leptos::prelude::*;
use std::sync::Arc;

/// The stylesheet's address, such as `/pkg/intastellar-leptos.<hash>.css`.
#[derive(Clone, Debug)]
pub struct StylesheetHref(pub Arc<str>);

/// `<link rel="stylesheet">` for the site's stylesheet, at the address the server gave; without
/// one, Leptos' own component finds it.
pub fn stylesheet(options: &LeptosOptions) -> impl IntoView {
    match use_context::<StylesheetHref>() {
        Some(StylesheetHref(href)) => {
            view! { <link id="leptos" rel="stylesheet" href=href.to_string()/> }.into_any()
        }
        None => view! { <leptos_meta::HashedStylesheet id="leptos" options=options.clone()/> }.into_any(),
    }
}
