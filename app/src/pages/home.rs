use crate::auth::context::use_auth;
use crate::components::auth_buttons::{SignInButton, SignOutButtons};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use sign_in::return_to::DEFAULT_RETURN_TO;
use sign_in::Visitor;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Title text="Home"/>
        <section class="hero">
            <h1>"Sign in with Intastellar, the Leptos way"</h1>
            <p class="lead">
                "This site shows a complete OpenID Connect sign-in: the authorization code flow with "
                "PKCE, a server-side session in a database, two kinds of sign-out, and a friendly page "
                "for every failure. Clone it and keep every line."
            </p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.visitor.await {
                        Ok(Visitor::SignedIn(session)) => {
                            view! {
                                <p class="greeting" data-testid="greeting">
                                    "Welcome back, " {session.user.display_name().to_owned()} "."
                                    " Your details are on " <a href=paths::PROFILE>"your profile"</a> "."
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
                                    <p class="hint">
                                        "You sign in at Intastellar and come straight back. This site never sees your password."
                                    </p>
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
                <h2>"Tokens stay on the server"</h2>
                <p>"Your browser holds one opaque, HttpOnly cookie. ID and access tokens never leave the server."</p>
            </article>
            <article class="card">
                <h2>"Every check, every time"</h2>
                <p>"State, nonce, PKCE, the ID token's signature, issuer, audience and expiry are all verified."</p>
            </article>
            <article class="card">
                <h2>"Failures explained"</h2>
                <p>"Each failure ends on a page that says what happened and what to do, with a reference for support."</p>
            </article>
        </section>
    }
}
