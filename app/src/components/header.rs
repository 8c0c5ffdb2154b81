use super::auth_buttons::SignInButton;
use crate::auth::context::use_auth;
use crate::i18n::td_string;
use crate::locale::use_locale;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use sign_in::return_to::DEFAULT_RETURN_TO;
use sign_in::Visitor;

/// The bar on every page: who is signed in, or a way to sign in, and the languages.
#[component]
pub fn Header() -> impl IntoView {
    let auth = use_auth();
    let locale = use_locale();
    let location = use_location();
    // Signing in from the header comes back to the page you were on, unless that page is
    // itself about signing in or out.
    let here = {
        let path = location.pathname.get_untracked();
        let about_signing_in =
            path == paths::SIGN_IN || path == paths::SIGNED_OUT || paths::is_auth_path(&path);
        if about_signing_in {
            DEFAULT_RETURN_TO.to_owned()
        } else {
            path
        }
    };
    view! {
        <header class="site-header">
            <a href=paths::HOME class="brand">
                <span class="logo" aria-hidden="true">"✦"</span>
                " " {td_string!(locale, site.name)}
            </a>
            <crate::languages::switcher::LanguageSwitcher/> // feature: languages
            <nav class="who" aria-label=td_string!(locale, header.account)>
                <Suspense fallback=|| ()>
                    {move || {
                        let here = here.clone();
                        Suspend::new(async move {
                        match auth.visitor.await {
                            Ok(Visitor::SignedIn(session)) => {
                                view! {
                                    <a href=paths::PROFILE class="whoami" data-testid="whoami">
                                        {session.user.display_name().to_owned()}
                                    </a>
                                }
                                    .into_any()
                            }
                            _ => view! { <SignInButton return_to=here label=td_string!(locale, header.sign_in)/> }.into_any(),
                        }
                    })
                    }}
                </Suspense>
            </nav>
        </header>
    }
}
