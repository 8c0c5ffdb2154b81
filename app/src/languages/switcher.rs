//! The links between languages: in the header for people, as `hreflang` alternates for
//! search engines. Each is this page's own address with `?lang=` set.

use super::{SiteOrigin, QUERY};
use crate::i18n::td_string;
use crate::locale::{use_locale, Locale};
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Link;
use leptos_router::hooks::{use_location, use_query_map};

/// This page in `locale`: its path and query, with `lang` set (or left out, for `None`:
/// the address that lets the person's browser choose).
fn this_page_in(locale: Option<Locale>) -> String {
    let path = use_location().pathname.get_untracked();
    let query = use_query_map().get_untracked();
    let mut fields: Vec<String> = query
        .into_iter()
        .filter(|(name, _)| name != QUERY)
        .map(|(name, value)| format!("{}={}", encode(&name), encode(&value)))
        .collect();
    fields.extend(locale.map(|locale| format!("{QUERY}={}", locale.as_str())));
    if fields.is_empty() {
        path
    } else {
        format!("{path}?{}", fields.join("&"))
    }
}

/// A query value as a URL carries it: unreserved characters as they are, the rest escaped.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// A link to this page in each language, each named in its own language.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let current = use_locale();
    view! {
        <nav class="languages" aria-label=td_string!(current, languages.label)>
            <ul>
                {Locale::get_all()
                    .iter()
                    .map(|&locale| {
                        let here = (locale == current).then_some("true");
                        view! {
                            <li>
                                <a href=this_page_in(Some(locale)) hreflang=locale.as_str() lang=locale.as_str()
                                    aria-current=here data-testid=format!("language-{}", locale.as_str())>
                                    {td_string!(locale, language_name)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// `<link rel="alternate" hreflang=…>` for every language, and `x-default` for the address
/// without a pick. Absolute, as search engines want them, at `APP_BASE_URL`'s origin.
#[component]
pub fn Alternates() -> impl IntoView {
    let origin = use_context::<SiteOrigin>().map(|SiteOrigin(origin)| origin.to_string()).unwrap_or_default();
    let languages = Locale::get_all().iter().map(|&locale| (locale.as_str(), Some(locale)));
    languages
        .chain([("x-default", None)])
        .map(|(hreflang, locale)| {
            let href = format!("{origin}{}", this_page_in(locale));
            view! { <Link rel="alternate" hreflang=hreflang href=href/> }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn a_query_value_keeps_what_needs_no_escaping() {
        assert_eq!(encode("access_denied"), "access_denied");
        assert_eq!(encode("ABCD-2345"), "ABCD-2345");
        assert_eq!(encode("/a b&c=é"), "%2Fa%20b%26c%3D%C3%A9");
    }
}
