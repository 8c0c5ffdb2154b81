//! Refuses `/auth/*` requests that a browser says are not a person opening a page: an `<img>`
//! or a `<script>` pointing there, another site's `fetch`. Any page on the web can make its
//! visitors send those, and each would spend the visitor's sign-in allowance, so they are
//! refused before the rate limit, with the friendly page, and reach nothing else.
//!
//! Browsers say what a request is for in `Sec-Fetch-Mode` and `Sec-Fetch-Dest`. A sign-in
//! only ever navigates a whole window: a tab, or the popup, which is a top-level window too.
//! The site's islands call server functions with `fetch` from its own pages, which is
//! same-origin. Requests without these headers (curl, older browsers) pass as before.

use crate::friendly_page::FriendlyPage;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use sign_in::errors::{new_reference, ErrorCode};
use sign_in::paths;

const SEC_FETCH_MODE: &str = "sec-fetch-mode";
const SEC_FETCH_DEST: &str = "sec-fetch-dest";
const SEC_FETCH_SITE: &str = "sec-fetch-site";

pub async fn refuse_embedded(State(page): State<FriendlyPage>, request: Request, next: Next) -> Response {
    if !paths::is_auth_path(request.uri().path()) || is_allowed(request.headers()) {
        return next.run(request).await;
    }
    let reference = new_reference();
    let headers = request.headers();
    tracing::info!(
        reference,
        mode = ?headers.get(SEC_FETCH_MODE),
        dest = ?headers.get(SEC_FETCH_DEST),
        site = ?headers.get(SEC_FETCH_SITE),
        "refused a sign-in request that was not a navigation"
    );
    page.render(headers, StatusCode::FORBIDDEN, ErrorCode::EmbeddedRequest, &reference)
}

fn is_allowed(headers: &HeaderMap) -> bool {
    let header = |name| headers.get(name).map(|value| value.as_bytes());
    match (header(SEC_FETCH_MODE), header(SEC_FETCH_DEST)) {
        // A tool, or a browser that predates these headers.
        (None, _) => true,
        // A whole window: a tab, or the popup. Never a frame: the site forbids framing anyway.
        (Some(b"navigate"), dest) => matches!(dest, None | Some(b"document")),
        // The site's own scripts: a same-origin fetch (the islands' server functions).
        (Some(b"cors" | b"same-origin"), Some(b"empty")) => header(SEC_FETCH_SITE) == Some(b"same-origin"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(pairs: &[(&'static str, &'static str)]) -> bool {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, value.parse().unwrap());
        }
        is_allowed(&headers)
    }

    #[test]
    fn a_window_navigating_passes() {
        assert!(allowed(&[]), "a tool sends none of these");
        let tab = [
            ("sec-fetch-mode", "navigate"),
            ("sec-fetch-dest", "document"),
            ("sec-fetch-site", "cross-site"),
        ];
        assert!(allowed(&tab), "the IdP's redirect back, in a tab or the popup");
        assert!(allowed(&[("sec-fetch-mode", "navigate")]), "an older browser without Sec-Fetch-Dest");
        let island =
            [("sec-fetch-mode", "cors"), ("sec-fetch-dest", "empty"), ("sec-fetch-site", "same-origin")];
        assert!(allowed(&island), "a server function called by the site's own page");
    }

    #[test]
    fn embedded_and_cross_site_requests_are_refused() {
        for refused in [
            [("sec-fetch-mode", "no-cors"), ("sec-fetch-dest", "image"), ("sec-fetch-site", "cross-site")],
            [("sec-fetch-mode", "no-cors"), ("sec-fetch-dest", "script"), ("sec-fetch-site", "cross-site")],
            [("sec-fetch-mode", "cors"), ("sec-fetch-dest", "empty"), ("sec-fetch-site", "cross-site")],
            [("sec-fetch-mode", "navigate"), ("sec-fetch-dest", "iframe"), ("sec-fetch-site", "cross-site")],
            [("sec-fetch-mode", "no-cors"), ("sec-fetch-dest", "image"), ("sec-fetch-site", "same-origin")],
        ] {
            assert!(!allowed(&refused), "{refused:?}");
        }
    }
}
