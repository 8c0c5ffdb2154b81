//! The person's language, chosen once per request on the server: the one they picked with the
//! header's switcher (the `languages` feature), else the first in their browser's
//! `Accept-Language` that the site speaks (a region falls back to its language: `de-AT` reads
//! `de`), else English. Every word comes from `app/locales/<language>.json`, compiled into
//! [`crate::i18n`]; the list of languages is its `Locale` enum, written once in `build.rs`.

pub use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

/// At most this many entries of `Accept-Language` are read: a header is the sender's to make
/// as long as the server's limits allow.
const MOST_PREFERENCES: usize = 16;

/// The page's language, as [`provide_locale`] chose it (English where nothing did).
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// Chooses the request's language and provides it to everything rendered below: called once,
/// around the whole page. Islands render no words of their own (they show what the server
/// rendered), so in the browser nothing is chosen and no catalogue ships.
pub fn provide_locale() -> Locale {
    #[cfg(feature = "ssr")]
    let locale = match use_context::<axum::http::request::Parts>() {
        Some(parts) => {
            crate::languages::remember_choice(&parts); // feature: languages
            for_request(&parts.headers, parts.uri.query())
        }
        None => Locale::default(),
    };
    #[cfg(not(feature = "ssr"))]
    let locale = Locale::default();
    provide_context(locale);
    locale
}

/// What a request asks for beyond `Accept-Language`: the features' ways to choose a language.
#[cfg(feature = "ssr")]
type Choice = fn(&axum::http::HeaderMap, Option<&str>) -> Option<Locale>;

#[cfg(feature = "ssr")]
const CHOICES: &[Choice] = &[
    crate::languages::chosen, // feature: languages
];

/// The language of a request with these headers and this query string.
#[cfg(feature = "ssr")]
pub fn for_request(headers: &axum::http::HeaderMap, query: Option<&str>) -> Locale {
    CHOICES.iter().find_map(|choose| choose(headers, query)).unwrap_or_else(|| {
        let accepted = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
        accepted.and_then(negotiate).unwrap_or_default()
    })
}

/// One entry of `Accept-Language`: a language tag and how much the person wants it.
struct Preference<'a> {
    tag: &'a str,
    weight: f32,
}

impl<'a> Preference<'a> {
    /// `de-AT;q=0.8`; `None` for an entry that is malformed or wanted not at all.
    fn parse(entry: &'a str) -> Option<Self> {
        let mut parts = entry.split(';');
        let tag = parts.next()?.trim();
        let weight = match parts.find_map(|part| part.trim().strip_prefix("q=")) {
            Some(weight) => weight.trim().parse::<f32>().ok()?,
            None => 1.0,
        };
        (weight > 0.0 && weight <= 1.0).then_some(Self { tag, weight })
    }
}

/// The site's language the person prefers most, from an `Accept-Language` value
/// (`da-DK, da;q=0.9, en;q=0.5`); `None` when it names none the site speaks.
pub fn negotiate(accept_language: &str) -> Option<Locale> {
    let mut wanted: Vec<Preference> =
        accept_language.split(',').take(MOST_PREFERENCES).filter_map(Preference::parse).collect();
    // Stable: equal weights keep the order the browser sent.
    wanted.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    wanted.into_iter().find_map(|preference| from_tag(preference.tag))
}

/// The site's language for a language tag (`pt-BR` is `pt`), if it speaks it.
pub fn from_tag(tag: &str) -> Option<Locale> {
    let language = tag.split(['-', '_']).next()?;
    Locale::get_all().iter().copied().find(|locale| locale.as_str().eq_ignore_ascii_case(language))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_wanted_language_the_site_speaks_wins() {
        assert_eq!(negotiate("da-DK, da;q=0.9, en;q=0.5"), Some(Locale::da));
        assert_eq!(negotiate("en;q=0.4, fr-CA;q=0.8"), Some(Locale::fr), "weights, not order");
        assert_eq!(negotiate("ja, nl-BE;q=0.7, de;q=0.7"), Some(Locale::nl), "ties keep the order sent");
        assert_eq!(negotiate("PT-br"), Some(Locale::pt), "regions fall back to their language");
        assert_eq!(negotiate("de_AT"), Some(Locale::de));
    }

    #[test]
    fn nothing_the_site_speaks_is_none() {
        for header in ["", "ja, ko", "*", "de;q=0", "fr;q=nope", ",,,;", "en-GB;q=2"] {
            assert_eq!(negotiate(header), None, "{header:?}");
        }
    }

    #[test]
    fn every_language_reads_back_from_its_tag() {
        for &locale in Locale::get_all() {
            assert_eq!(from_tag(locale.as_str()), Some(locale));
        }
        assert_eq!(Locale::default(), Locale::en, "English is the fallback");
    }
}
