//! The languages the IdP's pages speak, and how a request picks one: the authorization (or
//! end-session) request's `ui_locales` when it sends one, otherwise the browser's
//! `Accept-Language`, otherwise English.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};
use url::form_urlencoded;

use crate::texts::{self, Texts};

/// Every language the pages speak, named by its BCP 47 primary language subtag. Adding one
/// is a variant here and a file in `texts/`: the match in [`Language::texts`] will not
/// compile without it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum Language {
    /// The fallback, when a request asks for nothing this IdP speaks.
    #[default]
    En,
    Da,
    De,
    Fr,
    Nl,
    Pt,
}

/// OpenID Connect Core §3.1.2.1: space-separated BCP 47 tags, in order of preference.
pub(crate) const UI_LOCALES: &str = "ui_locales";

impl Language {
    /// Every language, in declaration order.
    pub fn all() -> impl Iterator<Item = Self> {
        Self::iter()
    }

    /// The tag for `<html lang>` and `ui_locales`, e.g. `da`.
    pub fn tag(self) -> &'static str {
        self.into()
    }

    /// Every text of the pages, in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Self::En => &texts::en::TEXTS,
            Self::Da => &texts::da::TEXTS,
            Self::De => &texts::de::TEXTS,
            Self::Fr => &texts::fr::TEXTS,
            Self::Nl => &texts::nl::TEXTS,
            Self::Pt => &texts::pt::TEXTS,
        }
    }

    /// The language of one BCP 47 tag: its primary subtag decides, so a region or script
    /// (`pt-BR`, `da-DK`) falls back to its language.
    fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split('-').next()?;
        Self::all().find(|language| language.tag().eq_ignore_ascii_case(primary))
    }

    /// The first language of `ui_locales` this IdP speaks; English when there is none.
    pub(crate) fn from_ui_locales(ui_locales: &str) -> Self {
        ui_locales.split_ascii_whitespace().find_map(Self::from_tag).unwrap_or_default()
    }

    /// The most preferred language of an `Accept-Language` header (RFC 9110 §12.5.4) this
    /// IdP speaks; English when there is none.
    fn from_accept_language(header: &str) -> Self {
        let mut ranges: Vec<(&str, f32)> = header
            .split(',')
            .filter_map(|range| {
                let mut parts = range.split(';');
                let tag = parts.next()?.trim();
                let weight = parts
                    .find_map(|parameter| parameter.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (weight > 0.0).then_some((tag, weight))
            })
            .collect();
        // Stable: ranges of equal weight keep the browser's order.
        ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranges.into_iter().find_map(|(tag, _)| Self::from_tag(tag)).unwrap_or_default()
    }

    /// The language a request asks for: `ui_locales` in its query when it has one, otherwise
    /// its `Accept-Language`.
    pub(crate) fn of_request(query: Option<&str>, headers: &HeaderMap) -> Self {
        let ui_locales = query.and_then(|query| {
            form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == UI_LOCALES)
                .map(|(_, value)| value)
        });
        if let Some(ui_locales) = ui_locales {
            return Self::from_ui_locales(&ui_locales);
        }
        let accept_language = headers.get(ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
        accept_language.map(Self::from_accept_language).unwrap_or_default()
    }
}

/// The language a request asks for (see [`Language::of_request`]), for the pages an endpoint
/// shows before it knows more; a sign-in in progress keeps the language it started with.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Asked(pub(crate) Language);

impl<S: Send + Sync> FromRequestParts<S> for Asked {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(Language::of_request(parts.uri.query(), &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn the_first_supported_tag_wins_and_regions_fall_back_to_their_language() {
        assert_eq!(Language::from_ui_locales("da"), Language::Da);
        assert_eq!(Language::from_ui_locales("pt-BR"), Language::Pt);
        assert_eq!(Language::from_ui_locales("xx fr-CA de"), Language::Fr);
        assert_eq!(Language::from_ui_locales("  NL  en"), Language::Nl);
        for nothing_we_speak in ["", "xx", "sv-SE ja", "-", "<b>de</b>", "de_DE", "dan"] {
            assert_eq!(Language::from_ui_locales(nothing_we_speak), Language::En, "{nothing_we_speak:?}");
        }
    }

    #[test]
    fn every_tag_reads_back_as_its_language() {
        for language in Language::all() {
            assert_eq!(Language::from_ui_locales(language.tag()), language);
        }
    }

    #[test]
    fn accept_language_follows_the_weights() {
        assert_eq!(Language::from_accept_language("da-DK,da;q=0.9,en;q=0.8"), Language::Da);
        assert_eq!(Language::from_accept_language("sv, en;q=0.5, de;q=0.9"), Language::De);
        assert_eq!(Language::from_accept_language("fr;q=0, nl"), Language::Nl);
        assert_eq!(Language::from_accept_language("pt;q=oops, *"), Language::En);
    }

    #[test]
    fn ui_locales_outrank_the_browser_even_when_nothing_in_them_is_spoken() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("de"));
        assert_eq!(Language::of_request(Some("ui_locales=fr"), &headers), Language::Fr);
        assert_eq!(Language::of_request(Some("ui_locales=xx"), &headers), Language::En);
        assert_eq!(Language::of_request(Some("state=1"), &headers), Language::De);
        assert_eq!(Language::of_request(None, &HeaderMap::new()), Language::En);
    }
}
