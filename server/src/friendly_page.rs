//! The small page the server answers with when it refuses a request before the app sees it
//! (a cross-site form post, too many sign-ins). Plain HTML with the site's stylesheet and
//! the catalogue's words, told as the app tells every failure; the reference goes to the
//! server log only, nothing to the database.

use app::components::failure::Failure;
use app::{paths, SITE_NAME};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use leptos::prelude::*;
use sign_in::errors::ErrorCode;
use std::sync::Arc;

/// Marks a response as this page's refusal, with its code, for the metrics to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused(pub ErrorCode);

/// The page, with the stylesheet of the site it belongs to.
#[derive(Clone, Debug)]
pub struct FriendlyPage {
    /// The stylesheet's path, hashed in release builds (see [`crate::site_files`]).
    stylesheet: Arc<str>,
}

impl FriendlyPage {
    pub fn new(stylesheet: &str) -> Self {
        Self { stylesheet: stylesheet.into() }
    }

    pub fn render(&self, status: StatusCode, code: ErrorCode, reference: &str) -> Response {
        let entry = code.entry();
        let stylesheet = self.stylesheet.to_string();
        // Rendered by Leptos, which escapes every value; no hydration, so no scripts.
        let html = view! {
            <!DOCTYPE html>
            <html lang="en">
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <title>{format!("{} · {SITE_NAME}", entry.title)}</title>
                    <link rel="stylesheet" href=stylesheet/>
                </head>
                <body>
                    <main class="page">
                        <section class="panel narrow error-page" data-code=code.as_str()>
                            <Failure code reference=Some(reference.to_owned())/>
                            <div class="actions">
                                <a href=paths::HOME class="button primary">"Home"</a>
                            </div>
                        </section>
                    </main>
                </body>
            </html>
        }
        .to_html();
        let mut response = (status, Html(html)).into_response();
        response.extensions_mut().insert(Refused(code));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_page_has_the_catalogue_words_a_landmark_and_the_reference() {
        let page = FriendlyPage::new("/pkg/site.0123.css");
        let response = page.render(StatusCode::FORBIDDEN, ErrorCode::CrossSiteRequest, "ABCD-2345");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(response.extensions().get(), Some(&Refused(ErrorCode::CrossSiteRequest)));
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        let entry = ErrorCode::CrossSiteRequest.entry();
        for part in [r#"<html lang="en">"#, "<main", entry.what_happened, "ABCD-2345", "/pkg/site.0123.css"] {
            assert!(html.contains(part), "{part} missing from {html}");
        }
        assert!(html.contains(&format!(r#"<h1 data-testid="error-title">{}</h1>"#, entry.title)));
    }
}
