use crate::auth::context::use_auth;
use crate::components::auth_buttons::{SignInButton, SignOutButtons};
use crate::components::page_meta::PageMeta;
use crate::i18n::{td, td_string};
use crate::locale::use_locale;
use crate::paths;
use leptos::prelude::*;
use sign_in::return_to::DEFAULT_RETURN_TO;
use sign_in::Visitor;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    let locale = use_locale();
    view! {
        <PageMeta title=td_string!(locale, home.title) description=td_string!(locale, home.description)/>
        <section class="hero">
            <h1>{td_string!(locale, home.heading)}</h1>
            <p class="lead">{td_string!(locale, home.lead)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.visitor.await {
                        Ok(Visitor::SignedIn(session)) => {
                            let name = session.user.display_name().to_owned();
                            view! {
                                <p class="greeting" data-testid="greeting">
                                    {td!(locale, home.greeting, name, <strong> = <strong/>, <profile> = <a href=paths::PROFILE/>)}
                                </p>
                                <SignOutButtons/>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <div class="cta sign-in-choices">
                                    <SignInButton return_to=DEFAULT_RETURN_TO.to_owned() class="large"/>
                                    <crate::popup::opener::PopupSignIn return_to=paths::HOME.to_owned()/> // feature: popup (it keeps you here: this page updates in place)
                                    <p class="hint">{td_string!(locale, home.sign_in_hint)}</p>
                                </div>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
        <section class="cards">
            <article class="card">
                <h2>{td_string!(locale, home.tokens_title)}</h2>
                <p>{td_string!(locale, home.tokens_text)}</p>
            </article>
            <article class="card">
                <h2>{td_string!(locale, home.checks_title)}</h2>
                <p>{td_string!(locale, home.checks_text)}</p>
            </article>
            <article class="card">
                <h2>{td_string!(locale, home.failures_title)}</h2>
                <p>{td_string!(locale, home.failures_text)}</p>
            </article>
        </section>
    }
}
