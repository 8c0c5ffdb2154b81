//! The language switcher: a link per language in the header (`?lang=xx` on the page you are
//! on), which every page honours and which a cookie remembers, and the page's `hreflang`
//! alternates, which are the same links. Links, so it works without JavaScript; a switch is a
//! plain page load, so a signed-in person stays signed in. Without this feature the site
//! still speaks each person's language, from their browser's `Accept-Language`.

pub mod switcher;

#[cfg(feature = "ssr")]
use crate::locale::{from_tag, Locale};
#[cfg(feature = "ssr")]
use leptos_i18n::Locale as _;

/// The query field that picks a language, on any page.
pub const QUERY: &str = "lang";

/// The cookie that remembers the pick: a year, every path, never read by scripts.
#[cfg(feature = "ssr")]
const COOKIE: &str = "lang";
#[cfg(feature = "ssr")]
const COOKIE_ATTRIBUTES: &str = "Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly";

/// The site's public origin (`APP_BASE_URL`'s), for the alternates' absolute addresses.
#[derive(Clone, Debug)]
pub struct SiteOrigin(pub std::sync::Arc<str>);

/// The language the person picked: this request's `?lang=`, else the cookie of an earlier pick.
/// Anything the site does not speak is no pick.
#[cfg(feature = "ssr")]
pub fn chosen(headers: &axum::http::HeaderMap, query: Option<&str>) -> Option<Locale> {
    from_query(query).or_else(|| {
        let cookies = headers.get_all(axum::http::header::COOKIE).into_iter();
        let pairs = cookies.filter_map(|value| value.to_str().ok()).flat_map(|value| value.split(';'));
        pairs.filter_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('=')).find_map(from_tag)
    })
}

/// Remembers a language picked with `?lang=`, for the pages that follow.
#[cfg(feature = "ssr")]
pub fn remember_choice(parts: &axum::http::request::Parts) {
    let Some(locale) = from_query(parts.uri.query()) else { return };
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else { return };
    let cookie = format!("{COOKIE}={}; {COOKIE_ATTRIBUTES}", locale.as_str());
    if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
        response.append_header(axum::http::header::SET_COOKIE, value);
    }
}

#[cfg(feature = "ssr")]
fn from_query(query: Option<&str>) -> Option<Locale> {
    let fields = url::form_urlencoded::parse(query?.as_bytes());
    fields.filter(|(name, _)| name == QUERY).find_map(|(_, value)| from_tag(&value))
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use axum::http::{header, HeaderMap, HeaderValue};

    fn with_cookie(cookie: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        headers
    }

    #[test]
    fn the_query_wins_over_the_cookie() {
        let headers = with_cookie("id=abc; lang=de");
        assert_eq!(chosen(&headers, Some("code=x&lang=fr")), Some(Locale::fr));
        assert_eq!(chosen(&headers, Some("code=x")), Some(Locale::de));
        assert_eq!(chosen(&headers, Some("lang=xx")), Some(Locale::de), "an unknown pick is none");
        assert_eq!(chosen(&HeaderMap::new(), None), None);
        assert_eq!(chosen(&with_cookie("language=nl; xlang=da"), None), None, "only our cookie");
    }
}
