use crate::auth::return_to::DEFAULT_RETURN_TO;
use crate::components::auth_buttons::SignInButton;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where protected pages send signed-out visitors; signing in comes back to `return_to`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    // The server accepts only local paths, whatever is put here.
    let return_to =
        Signal::derive(move || query.read().get("return_to").unwrap_or_else(|| DEFAULT_RETURN_TO.into()));
    let session_ended =
        move || query.read().get(paths::SIGN_IN_REASON).as_deref() == Some(paths::SESSION_ENDED);
    view! {
        <Title text="Sign in"/>
        <section class="panel narrow">
            <h1>"Please sign in"</h1>
            <Show when=session_ended>
                <p data-testid="session-ended">
                    "Your session reached its time limit, so you were signed out. "
                    "Sessions end after a set number of hours, however active, to keep your account safe."
                </p>
            </Show>
            <p>"That page is only for signed-in people. Sign in and we'll take you straight back."</p>
            <SignInButton return_to class="large"/>
        </section>
    }
}
