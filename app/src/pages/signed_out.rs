use crate::auth::api::confirm_sign_out;
use crate::components::auth_buttons::SignInButton;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use sign_in::return_to::DEFAULT_RETURN_TO;
use sign_in::SignOutOutcome;

/// Where every sign-out lands, also the `post_logout_redirect_uri` registered at the IdP.
#[component]
pub fn SignedOutPage() -> impl IntoView {
    let query = use_query_map();
    let outcome = Resource::new(
        move || (query.read().get("state"), query.read().get("idp")),
        |(state, idp)| confirm_sign_out(state, idp),
    );
    view! {
        <Title text="Signed out"/>
        <section class="panel narrow">
            <h1>"You're signed out"</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let text = match outcome.await.unwrap_or(SignOutOutcome::ThisSite) {
                        SignOutOutcome::ThisSite => {
                            "Your session on this site has ended. Intastellar may still remember you, so signing in again can be instant."
                        }
                        SignOutOutcome::Everywhere => {
                            "Your session on this site has ended, and Intastellar has signed you out too. The next sign-in will ask who you are."
                        }
                        SignOutOutcome::EverywhereUnconfirmed => {
                            "Your session on this site has ended. We could not confirm that Intastellar signed you out as well; to be sure, sign out at Intastellar directly."
                        }
                        SignOutOutcome::IdpUnsupported => {
                            "Your session on this site has ended. Intastellar does not offer sign-out for other sites, so only this site's session was ended; you may still be signed in at Intastellar."
                        }
                    };
                    view! { <p data-testid="signed-out-message">{text}</p> }
                })}
            </Suspense>
            <div class="actions">
                <SignInButton return_to=DEFAULT_RETURN_TO.to_owned() label="Sign in again"/>
                <a href=paths::HOME class="button">"Home"</a>
            </div>
        </section>
    }
}
