use crate::components::auth_buttons::SignInButton;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use sign_in::return_to::safe_return_to;

/// Where protected pages send signed-out visitors; signing in comes back to `return_to`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    // Only a local path is kept: the popup fetches it, and the server would refuse others.
    let return_to = safe_return_to(query.get("return_to").as_deref());
    let session_ended = query.get(paths::SIGN_IN_REASON).as_deref() == Some(paths::SESSION_ENDED);
    view! {
        <Title text="Sign in"/>
        <section class="panel narrow">
            <h1>"Please sign in"</h1>
            {session_ended.then(|| view! {
                <p data-testid="session-ended">
                    "Your session reached its time limit, so you were signed out. "
                    "Sessions end after a set number of hours, however active, to keep your account safe."
                </p>
            })}
            <p>"That page is only for signed-in people. Sign in and we'll take you straight back."</p>
            <div class="sign-in-choices">
                <SignInButton return_to=return_to.clone() class="large"/>
                <crate::popup::opener::PopupSignIn return_to/> // feature: popup
            </div>
        </section>
    }
}
