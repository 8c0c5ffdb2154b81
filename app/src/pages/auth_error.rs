use crate::auth::api::retry_return_to;
use crate::components::auth_buttons::SignInButton;
use crate::components::failure::{Failure, Words};
use crate::components::page_meta::PageMeta;
use crate::i18n::td_string;
use crate::locale::use_locale;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use sign_in::errors::{Action, ErrorCode};
use sign_in::return_to::DEFAULT_RETURN_TO;

/// `/auth/error?code=…&ref=…`: the catalogue's words for the code. Nothing from the URL is
/// shown except a well-formed reference ([`Failure`] shows no other).
#[component]
pub fn AuthErrorPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map().get_untracked();
    let code = ErrorCode::parse(&query.get("code").unwrap_or_default());
    let reference = query.get("ref");
    let retry = Resource::new(|| (), |_| retry_return_to());
    let action = code.entry().action;
    let try_again_first = action == Action::TryAgain;
    let (try_again, home) = (td_string!(locale, buttons.try_again), td_string!(locale, buttons.home));

    view! {
        <PageMeta title=Words::of(code, locale).title description=td_string!(locale, auth_error.description)/>
        <section class="panel narrow error-page" data-code=code.as_str()>
            <Failure code reference/>
            {(action == Action::ContactSite).then(|| view! {
                <p class="hint">{td_string!(locale, auth_error.contact_hint)}</p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let retry_to = retry.await.unwrap_or_else(|_| DEFAULT_RETURN_TO.into());
                    view! {
                        <div class="actions">
                            {try_again_first.then(|| view! {
                                <SignInButton return_to=retry_to.clone() label=try_again/>
                            })}
                            <a href=paths::HOME class=if try_again_first { "button" } else { "button primary" }>{home}</a>
                            {(!try_again_first).then(|| view! {
                                <SignInButton return_to=retry_to.clone() label=try_again quiet=true/>
                            })}
                            <a href=crate::troubleshooting::PATH class="link">{td_string!(locale, auth_error.troubleshooting)}</a> // feature: troubleshooting
                        </div>
                    }
                })}
            </Suspense>
        </section>
    }
}
