//! Refuses cross-site form posts. The `SameSite=Lax` cookie already keeps the session out of
//! another site's POST; this check also stops such a post from starting a sign-in, signing
//! anyone out or reaching the database at all. A sibling subdomain is another origin too.

use crate::friendly_page::FriendlyPage;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use sign_in::errors::{new_reference, ErrorCode};
use url::{Origin, Url};

const SEC_FETCH_SITE: &str = "sec-fetch-site";

/// The site's own origin, and the page that refuses the others.
#[derive(Clone, Debug)]
pub struct SameOrigin {
    pub site: Origin,
    pub refusal: FriendlyPage,
}

pub async fn refuse_cross_site(State(policy): State<SameOrigin>, request: Request, next: Next) -> Response {
    if is_allowed(&policy.site, request.method(), request.headers()) {
        return next.run(request).await;
    }
    let reference = new_reference();
    let headers = request.headers();
    tracing::warn!(
        reference,
        origin = ?headers.get(header::ORIGIN),
        sec_fetch_site = ?headers.get(SEC_FETCH_SITE),
        "refused a cross-site request"
    );
    policy.refusal.render(headers, StatusCode::FORBIDDEN, ErrorCode::CrossSiteRequest, &reference)
}

fn is_allowed(site: &Origin, method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    match headers.get(header::ORIGIN) {
        // `Origin: null` (a sandboxed frame, a page from a file) parses to an opaque origin,
        // which equals nothing.
        Some(origin) => origin
            .to_str()
            .ok()
            .and_then(|text| Url::parse(text).ok())
            .is_some_and(|url| url.origin() == *site),
        // Browsers send Origin on every POST; Sec-Fetch-Site backs it up for any that does
        // not. Tools such as curl send neither, and may post.
        None => !matches!(
            headers.get(SEC_FETCH_SITE).map(|value| value.as_bytes()),
            Some(b"cross-site" | b"same-site")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(method: Method, pairs: &[(&'static str, &'static str)]) -> bool {
        let site = Url::parse("https://app.example.com").unwrap().origin();
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, value.parse().unwrap());
        }
        is_allowed(&site, &method, &headers)
    }

    #[test]
    fn posts_from_our_origin_and_from_tools_pass() {
        assert!(allowed(Method::POST, &[("origin", "https://app.example.com")]));
        assert!(
            allowed(Method::POST, &[("origin", "https://APP.example.com:443")]),
            "the same origin, spelled otherwise"
        );
        assert!(allowed(Method::POST, &[]), "no Origin and no Sec-Fetch-Site: a tool");
        assert!(allowed(Method::POST, &[("sec-fetch-site", "same-origin")]));
        assert!(allowed(Method::GET, &[("origin", "https://evil.example")]), "reads are not refused");
    }

    #[test]
    fn other_origins_are_refused() {
        for origin in [
            "https://evil.example",
            "https://sub.app.example.com",
            "http://app.example.com",
            "null",
            "not a url",
        ] {
            assert!(!allowed(Method::POST, &[("origin", origin)]), "{origin}");
        }
        for site in ["cross-site", "same-site"] {
            assert!(!allowed(Method::POST, &[("sec-fetch-site", site)]), "{site}");
        }
        assert!(!allowed(Method::DELETE, &[("origin", "https://evil.example")]));
    }
}
