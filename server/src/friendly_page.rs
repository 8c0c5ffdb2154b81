//! The small page the server answers with when it refuses a request before the app sees it
//! (a cross-site form post, too many sign-ins). Plain HTML with the site's stylesheet and
//! the catalogue's words in the person's language, told as the app tells every failure; the
//! reference goes to the server log only, nothing to the database.

use app::components::failure::{Failure, Words};
use app::i18n::td_string;
use app::i18n::I18nLocaleTrait as _;
use app::locale::Locale;
use app::paths;
use axum::http::{HeaderMap, StatusCode};
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

    /// The page for a refused request with these `headers`, in the language the app would
    /// have chosen for it (the same negotiation, the same remembered pick).
    pub fn render(
        &self,
        headers: &HeaderMap,
        status: StatusCode,
        code: ErrorCode,
        reference: &str,
    ) -> Response {
        let locale = app::locale::for_request(headers, None);
        let stylesheet = self.stylesheet.to_string();
        let title = td_string!(
            locale,
            site.title,
            page = Words::of(code, locale).title,
            site = td_string!(locale, site.name)
        );
        let home = td_string!(locale, buttons.home);
        // Rendered by Leptos, which escapes every value; no hydration, so no scripts. The
        // page's components read its language from the context, as on the app's pages.
        let html = Owner::new().with(|| {
            provide_context::<Locale>(locale);
            view! {
            <!DOCTYPE html>
            <html lang=locale.as_str()>
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <title>{title.to_string()}</title>
                    <meta name="description" content=td_string!(locale, auth_error.description)/>
                    <link rel="stylesheet" href=stylesheet/>
                </head>
                <body>
                    <main class="page">
                        <section class="panel narrow error-page" data-code=code.as_str()>
                            <Failure code reference=Some(reference.to_owned())/>
                            <div class="actions">
                                <a href=paths::HOME class="button primary">{home}</a>
                            </div>
                        </section>
                    </main>
                </body>
            </html>
            }
            .to_html()
        });
        let mut response = (status, Html(html)).into_response();
        response.extensions_mut().insert(Refused(code));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{header, HeaderValue};

    async fn page(accept_language: &str) -> String {
        let page = FriendlyPage::new("/pkg/site.0123.css");
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(accept_language).unwrap());
        let response = page.render(&headers, StatusCode::FORBIDDEN, ErrorCode::CrossSiteRequest, "ABCD-2345");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(response.extensions().get(), Some(&Refused(ErrorCode::CrossSiteRequest)));
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        String::from_utf8(body.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn the_page_has_the_catalogue_words_a_landmark_and_the_reference() {
        let html = page("en-GB").await;
        let words = Words::of(ErrorCode::CrossSiteRequest, Locale::en);
        for part in [r#"<html lang="en">"#, "<main", words.what_happened, "ABCD-2345", "/pkg/site.0123.css"] {
            assert!(html.contains(part), "{part} missing from {html}");
        }
        assert!(html.contains(&format!(r#"<h1 data-testid="error-title">{}</h1>"#, words.title)));
    }

    #[tokio::test]
    async fn the_page_speaks_the_persons_language() {
        for &locale in Locale::get_all() {
            let html = page(&format!("{}-XX, en;q=0.1", locale.as_str())).await;
            assert!(html.contains(&format!(r#"<html lang="{}">"#, locale.as_str())), "{html}");
            assert!(html.contains(td_string!(locale, buttons.home)), "{html}");
        }
    }
}
