use crate::components::auth_buttons::SignInButton;
use crate::components::page_meta::PageMeta;
use crate::i18n::td_string;
use crate::locale::use_locale;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use sign_in::return_to::safe_return_to;

/// Where protected pages send signed-out visitors; signing in comes back to `return_to`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map().get_untracked();
    // Only a local path is kept: the popup fetches it, and the server would refuse others.
    let return_to = safe_return_to(query.get("return_to").as_deref());
    let reason = query.get(paths::SIGN_IN_REASON);
    let session_ended = reason.as_deref() == Some(paths::SESSION_ENDED);
    let refresh_refused = reason.as_deref() == Some(paths::REFRESH_REFUSED);
    view! {
        <PageMeta title=td_string!(locale, sign_in.title) description=td_string!(locale, sign_in.description)/>
        <section class="panel narrow">
            <h1>{td_string!(locale, sign_in.heading)}</h1>
            {session_ended.then(|| view! {
                <p data-testid="session-ended">{td_string!(locale, sign_in.session_ended)}</p>
            })}
            {refresh_refused.then(|| view! {
                <p data-testid="refresh-refused">{td_string!(locale, tokens.refresh_refused)}</p>
            })}
            <p>{td_string!(locale, sign_in.why)}</p>
            <div class="sign-in-choices">
                <SignInButton return_to=return_to.clone() class="large"/>
                <crate::popup::opener::PopupSignIn return_to/> // feature: popup
            </div>
        </section>
    }
}
