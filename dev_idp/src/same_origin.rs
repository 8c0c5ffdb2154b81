//! The test-only `/dev/*` endpoints change the IdP for everyone (its signing key, its clock),
//! so no other site's page may post to them: a cross-site form or fetch from a browser is
//! refused, as the site refuses them (`server/src/same_origin.rs`). Tools and tests, which
//! send neither `Origin` nor `Sec-Fetch-Site`, may post.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use url::Url;

use crate::language::Language;
use crate::pages::{PageError, Problem};
use crate::state::Idp;

const SEC_FETCH_SITE: &str = "sec-fetch-site";

pub(crate) async fn refuse_cross_site(State(idp): State<Arc<Idp>>, request: Request, next: Next) -> Response {
    if is_same_origin(idp.issuer.url(), request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(origin = ?request.headers().get(header::ORIGIN), "dev IdP refused a cross-site post");
    let language = Language::of_request(request.uri().query(), request.headers());
    PageError::new(Problem::CrossSite, language).into_response()
}

fn is_same_origin(issuer: &Url, headers: &HeaderMap) -> bool {
    match headers.get(header::ORIGIN) {
        // `Origin: null` parses to an opaque origin, which equals nothing.
        Some(origin) => origin
            .to_str()
            .ok()
            .and_then(|text| Url::parse(text).ok())
            .is_some_and(|url| url.origin() == issuer.origin()),
        None => !matches!(
            headers.get(SEC_FETCH_SITE).map(|value| value.as_bytes()),
            Some(b"cross-site" | b"same-site")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(pairs: &[(&'static str, &'static str)]) -> bool {
        let issuer = Url::parse("http://127.0.0.1:3900").unwrap();
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, value.parse().unwrap());
        }
        is_same_origin(&issuer, &headers)
    }

    #[test]
    fn only_the_idp_itself_and_tools_may_post() {
        assert!(allowed(&[]), "a tool");
        assert!(allowed(&[("origin", "http://127.0.0.1:3900")]));
        assert!(allowed(&[("sec-fetch-site", "same-origin")]));
        for origin in ["http://127.0.0.1:3000", "https://evil.example", "null"] {
            assert!(!allowed(&[("origin", origin)]), "{origin}");
        }
        assert!(!allowed(&[("sec-fetch-site", "same-site")]), "the app next door is another origin");
        assert!(!allowed(&[("sec-fetch-site", "cross-site")]));
    }
}
