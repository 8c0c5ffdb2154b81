use crate::app::AuthContext;
use crate::auth::User;
use crate::components::auth_buttons::SignOutButtons;
use crate::components::load_error::LoadError;
use crate::time_format;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The signed-in user's claims. Signed out, a redirect to sign in and back.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let auth = expect_context::<AuthContext>();
    view! {
        <Title text="Your profile"/>
        <Suspense fallback=|| view! { <p>"Loading your profile…"</p> }>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => view! { <Profile user/> }.into_any(),
                    Ok(None) => view! { <Redirect path="/sign-in?return_to=%2Fprofile"/> }.into_any(),
                    Err(error) => view! { <LoadError what="We couldn't load your profile" error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Profile(user: User) -> impl IntoView {
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
        ("Session expires", format!("{} (if idle)", time_format::utc(user.session_expires_at))),
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
        </section>
    }
}
