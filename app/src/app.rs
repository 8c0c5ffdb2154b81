use crate::auth::context::provide_auth_context;
use crate::components::header::Header;
use crate::hydration::{provide_islands_on_page, HydrationScriptsIfIslands};
use crate::i18n::td_string;
use crate::locale::{provide_locale, use_locale};
use crate::pages::{
    auth_error::AuthErrorPage, home::HomePage, not_found::NotFound, profile::ProfilePage,
    sign_in::SignInPage, signed_out::SignedOutPage,
};
use crate::paths;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, StaticSegment};

/// The browser's entry point: wakes the islands, then marks the page interactive.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
    // The island script hydrates each island right after this returns, within this task; a
    // timer fires after them. The mark is a sign for end-to-end tests (and curious
    // developers) that the page is interactive.
    set_timeout(
        || {
            if let Some(body) = document().body() {
                body.set_attribute("data-hydrated", "true").ok();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    provide_islands_on_page();
    let locale = provide_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.as_str()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // The hashed name, in release builds, that browsers may keep for a year.
                {crate::stylesheet::stylesheet(&options)}
                <AutoReload options=options.clone()/>
                <MetaTags/>
            </head>
            <body>
                <App/>
                // Islands: only the interactive parts (the popup sign-in) ship code to the
                // browser, and only pages that have one load it.
                <HydrationScriptsIfIslands options/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_auth_context();
    let locale = use_locale();
    // "<page> · <site>", in the page's language.
    let title = move |page: String| {
        td_string!(locale, site.title, page, site = td_string!(locale, site.name)).to_string()
    };

    // Every page waits for the session before it streams, so each one is complete HTML:
    // it works without JavaScript, and `/profile` can redirect before anything is sent.
    view! {
        <Title formatter=title/>
        <Router>
            <crate::languages::switcher::Alternates/> // feature: languages
            <Header/>
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=segment(paths::HOME) view=HomePage ssr=SsrMode::Async/>
                    <Route path=segment(paths::PROFILE) view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=segment(paths::SIGN_IN) view=SignInPage ssr=SsrMode::Async/>
                    <Route path=segment(paths::SIGNED_OUT) view=SignedOutPage ssr=SsrMode::Async/>
                    <Route path=two_segments(paths::AUTH_ERROR) view=AuthErrorPage ssr=SsrMode::Async/>
                    <Route path=two_segments(crate::popup::PATH) view=crate::popup::page::PopupPage ssr=SsrMode::Async/> // feature: popup
                    <Route path=segment(crate::troubleshooting::PATH) view=crate::troubleshooting::page::TroubleshootingPage ssr=SsrMode::Async/> // feature: troubleshooting
                    <Route path=two_segments(crate::team::PATH) view=crate::team::page::TeamErrorsPage ssr=SsrMode::Async/> // feature: team
                    <Route path=two_segments(crate::userinfo::PATH) view=crate::userinfo::page::UserinfoPage ssr=SsrMode::Async/> // feature: userinfo
                    <Route path=two_segments(crate::devices::PATH) view=crate::devices::page::DevicesPage ssr=SsrMode::Async/> // feature: devices
                </Routes>
            </main>
            <footer class="site-footer">{td_string!(locale, site.footer)}</footer>
        </Router>
    }
}

// The router matches one segment at a time, written without their slashes; these keep
// every path named once, in `paths`.

/// The route for a one-segment path such as `/profile` (or `/`).
fn segment(path: &'static str) -> StaticSegment<&'static str> {
    StaticSegment(path.trim_start_matches('/'))
}

/// The route for a two-segment path such as `/team/errors`.
fn two_segments(path: &'static str) -> (StaticSegment<&'static str>, StaticSegment<&'static str>) {
    let (first, second) = path.trim_start_matches('/').split_once('/').unwrap_or((path, ""));
    (StaticSegment(first), StaticSegment(second))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_segment_paths_lose_their_slash() {
        assert_eq!(segment(paths::HOME).0, "");
        assert_eq!(segment(paths::PROFILE).0, "profile");
    }

    #[test]
    fn two_segment_paths_split_in_two() {
        for path in [paths::AUTH_ERROR, "/auth/popup", "/team/errors"] {
            let (first, second) = two_segments(path);
            assert_eq!(format!("/{}/{}", first.0, second.0), path);
        }
    }
}
