//! The small page the server answers with when it refuses a request before the app sees it
//! (a cross-site form post, too many sign-ins). Plain HTML with the site's stylesheet and
//! the catalogue's words; the reference goes to the server log only, nothing to the database.

use app::errors::ErrorCode;
use app::{paths, SITE_NAME};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

pub fn render(status: StatusCode, code: ErrorCode, reference: &str) -> Response {
    let entry = code.entry();
    let title = escape(entry.title);
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {site}</title>
<link rel="stylesheet" href="{stylesheet}">
</head>
<body>
<main class="page">
<section class="panel narrow error-page" data-code="{code}">
<h1>{title}</h1>
<p>{what_happened}</p>
<p>{what_to_do}</p>
<p class="reference">Reference: <code>{reference}</code></p>
<div class="actions"><a href="{home}" class="button primary">Home</a></div>
</section>
</main>
</body>
</html>
"#,
        site = escape(SITE_NAME),
        stylesheet = paths::STYLESHEET,
        code = code.as_str(),
        what_happened = escape(entry.what_happened),
        what_to_do = escape(entry.what_to_do),
        reference = escape(reference),
        home = paths::HOME,
    );
    (status, Html(html)).into_response()
}

/// Text made safe for HTML: the catalogue's words are ours, but may one day hold a `<` or `&`.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_page_has_the_catalogue_words_a_landmark_and_the_reference() {
        let response = render(StatusCode::FORBIDDEN, ErrorCode::CrossSiteRequest, "ABCD-2345");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        let entry = ErrorCode::CrossSiteRequest.entry();
        for part in [r#"<html lang="en">"#, "<main", entry.what_happened, "ABCD-2345", paths::STYLESHEET] {
            assert!(html.contains(part), "{part} missing from {html}");
        }
        assert!(html.contains(&format!("<h1>{}</h1>", entry.title)));
    }

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(escape(r#"<b>"Tom" & Jerry</b>"#), "&lt;b&gt;&quot;Tom&quot; &amp; Jerry&lt;/b&gt;");
    }
}
