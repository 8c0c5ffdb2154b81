use crate::auth::context::use_auth;
use crate::components::auth_buttons::{SignOutButtons, UseAnotherAccount};
use crate::components::load_error::LoadError;
use crate::{paths, time_format};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use sign_in::{SessionView, Visitor};

/// The signed-in user's claims. Signed out, a redirect to sign in and back.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Title text="Your profile"/>
        <Suspense fallback=|| view! { <p>"Loading your profile…"</p> }>
            {move || Suspend::new(async move {
                match auth.visitor.await {
                    Ok(Visitor::SignedIn(session)) => view! { <Profile session/> }.into_any(),
                    Ok(Visitor::SignedOut) => {
                        view! { <Redirect path=paths::sign_in_returning_to(paths::PROFILE)/> }.into_any()
                    }
                    Ok(Visitor::SessionEnded) => {
                        view! { <Redirect path=paths::sign_in_after_session_end(paths::PROFILE)/> }.into_any()
                    }
                    Err(error) => view! { <LoadError what="We couldn't load your profile" error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Profile(session: SessionView) -> impl IntoView {
    let SessionView { user, expires_at } = session;
    let verified = match user.email_verified {
        Some(true) => " (verified)",
        Some(false) => " (not verified)",
        None => "",
    };
    let rows = [
        ("Subject (sub)", user.subject.clone()),
        ("Name", user.name.clone().unwrap_or_else(|| "—".into())),
        ("Email", user.email.clone().map(|e| format!("{e}{verified}")).unwrap_or_else(|| "—".into())),
        ("Issuer", user.issuer.clone()),
        ("Signed in", time_format::utc(user.signed_in_at)),
        ("Session expires", format!("{} (if idle)", time_format::utc(expires_at))),
    ];
    view! {
        <section class="panel">
            <h1>"Hello, " {user.display_name().to_owned()}</h1>
            <p class="lead">"These are the claims Intastellar shared with this site. The tokens themselves stay on the server."</p>
            <table class="claims" data-testid="claims">
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> })
                        .collect_view()}
                </tbody>
            </table>
            <SignOutButtons/>
            <UseAnotherAccount return_to=paths::PROFILE.to_owned()/>
        </section>
    }
}
