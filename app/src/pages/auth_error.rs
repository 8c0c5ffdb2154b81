use crate::auth::api::retry_return_to;
use crate::components::auth_buttons::SignInButton;
use crate::components::failure::Failure;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use sign_in::errors::{Action, ErrorCode};
use sign_in::return_to::DEFAULT_RETURN_TO;

/// `/auth/error?code=…&ref=…`: the catalogue's words for the code. Nothing from the URL is
/// shown except a well-formed reference ([`Failure`] shows no other).
#[component]
pub fn AuthErrorPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let code = ErrorCode::parse(&query.get("code").unwrap_or_default());
    let reference = query.get("ref");
    let retry = Resource::new(|| (), |_| retry_return_to());

    view! {
        {
            let entry = code.entry();
            let try_again_first = entry.action == Action::TryAgain;
            view! {
                <Title text=entry.title/>
                <section class="panel narrow error-page" data-code=code.as_str()>
                    <Failure code reference/>
                    {(entry.action == Action::ContactSite).then(|| view! {
                        <p class="hint">"If you contact the site's team, mention this reference: it points them to the details."</p>
                    })}
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let retry_to = retry.await.unwrap_or_else(|_| DEFAULT_RETURN_TO.into());
                            view! {
                                <div class="actions">
                                    {try_again_first.then(|| view! {
                                        <SignInButton return_to=retry_to.clone() label="Try again"/>
                                    })}
                                    <a href=paths::HOME class=if try_again_first { "button" } else { "button primary" }>"Home"</a>
                                    {(!try_again_first).then(|| view! {
                                        <SignInButton return_to=retry_to.clone() label="Try again" quiet=true/>
                                    })}
                                    <a href=crate::troubleshooting::PATH class="link">"Troubleshooting notes"</a> // feature: troubleshooting
                                </div>
                            }
                        })}
                    </Suspense>
                </section>
            }
        }
    }
}
