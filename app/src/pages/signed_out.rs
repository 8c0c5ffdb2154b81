use crate::auth::api::confirm_sign_out;
use crate::components::auth_buttons::SignInButton;
use crate::components::page_meta::PageMeta;
use crate::i18n::td_string;
use crate::locale::use_locale;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use sign_in::return_to::DEFAULT_RETURN_TO;
use sign_in::SignOutOutcome;

/// Where every sign-out lands, also the `post_logout_redirect_uri` registered at the IdP.
#[component]
pub fn SignedOutPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let outcome = Resource::new(
        move || (query.read().get("state"), query.read().get("idp")),
        |(state, idp)| confirm_sign_out(state, idp),
    );
    view! {
        <PageMeta title=td_string!(locale, signed_out.title) description=td_string!(locale, signed_out.description)/>
        <section class="panel narrow">
            <h1>{td_string!(locale, signed_out.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let text = match outcome.await.unwrap_or(SignOutOutcome::ThisSite) {
                        SignOutOutcome::ThisSite => td_string!(locale, signed_out.this_site),
                        SignOutOutcome::Everywhere => td_string!(locale, signed_out.everywhere),
                        SignOutOutcome::EverywhereUnconfirmed => {
                            td_string!(locale, signed_out.everywhere_unconfirmed)
                        }
                        SignOutOutcome::IdpUnsupported => td_string!(locale, signed_out.idp_unsupported),
                    };
                    view! { <p data-testid="signed-out-message">{text}</p> }
                })}
            </Suspense>
            <div class="actions">
                <SignInButton return_to=DEFAULT_RETURN_TO.to_owned() label=td_string!(locale, signed_out.sign_in_again)/>
                <a href=paths::HOME class="button">{td_string!(locale, buttons.home)}</a>
            </div>
        </section>
    }
}
