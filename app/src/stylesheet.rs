//! The site's stylesheet, under its content-hashed name in release builds.
//!
//! Leptos' `HashedStylesheet` reads the build's list of hashes from disk on every page. The
//! server reads it once, at start-up, and hands the stylesheet's address to every page.

use leptos::prelude::*;
use std::sync::Arc;

/// The stylesheet's address, such as `/pkg/intastellar-leptos.<hash>.css`.
#[derive(Clone, Debug)]
pub struct StylesheetHref(pub Arc<str>);

/// `<link rel="stylesheet">` for the site's stylesheet: at the address the server gave, else
/// under its plain name.
pub fn stylesheet(options: &LeptosOptions) -> impl IntoView {
    let href = match use_context::<StylesheetHref>() {
        Some(StylesheetHref(href)) => href.to_string(),
        None => format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
    };
    view! { <link id="leptos" rel="stylesheet" href=href/> }
}
