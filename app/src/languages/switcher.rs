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
    let mut query = use_query_map().get_untracked();
    query.remove(QUERY);
    if let Some(locale) = locale {
        query.insert(QUERY, locale.as_str().to_owned());
    }
    format!("{path}{}", query.to_query_string())
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
