use crate::auth::context::use_auth;
use crate::components::auth_buttons::{SignOutButtons, UseAnotherAccount};
use crate::components::load_error::LoadError;
use crate::components::page_meta::PageMeta;
use crate::i18n::td_string;
use crate::locale::use_locale;
use crate::{formats, paths};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use sign_in::{SessionView, Visitor};

/// The signed-in user's claims. Signed out, a redirect to sign in and back.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let auth = use_auth();
    let locale = use_locale();
    view! {
        <PageMeta title=td_string!(locale, profile.title) description=td_string!(locale, profile.description)/>
        <Suspense fallback=move || view! { <p>{td_string!(locale, profile.loading)}</p> }>
            {move || Suspend::new(async move {
                match auth.visitor.await {
                    Ok(Visitor::SignedIn(session)) => view! { <Profile session/> }.into_any(),
                    Ok(Visitor::SignedOut) => {
                        view! { <Redirect path=paths::sign_in_returning_to(paths::PROFILE)/> }.into_any()
                    }
                    Ok(Visitor::SessionEnded) => {
                        view! { <Redirect path=paths::sign_in_after_session_end(paths::PROFILE)/> }.into_any()
                    }
                    Err(error) => {
                        view! { <LoadError what=td_string!(locale, profile.load_error) error/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Profile(session: SessionView) -> impl IntoView {
    let locale = use_locale();
    let SessionView { user, expires_at } = session;
    let none = || td_string!(locale, profile.none).to_owned();
    let email = user.email.clone().map(|email| match user.email_verified {
        Some(true) => td_string!(locale, profile.email_verified, email).to_string(),
        Some(false) => td_string!(locale, profile.email_not_verified, email).to_string(),
        None => email,
    });
    let expires = formats::date_time(locale, expires_at);
    let rows = [
        (td_string!(locale, profile.subject), user.subject.clone()),
        (td_string!(locale, profile.name), user.name.clone().unwrap_or_else(none)),
        (td_string!(locale, profile.email), email.unwrap_or_else(none)),
        (td_string!(locale, profile.issuer), user.issuer.clone()),
        (td_string!(locale, profile.signed_in), formats::date_time(locale, user.signed_in_at)),
        (
            td_string!(locale, profile.expires),
            td_string!(locale, profile.expires_if_idle, at = expires).to_string(),
        ),
    ];
    view! {
        <section class="panel">
            <h1>{td_string!(locale, profile.heading, name = user.display_name()).to_string()}</h1>
            <p class="lead">{td_string!(locale, profile.lead)}</p>
            <table class="claims" data-testid="claims">
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> })
                        .collect_view()}
                </tbody>
            </table>
            <p><a href=crate::userinfo::PATH>{td_string!(locale, userinfo.link)}</a></p> // feature: userinfo
            <SignOutButtons/>
            <UseAnotherAccount return_to=paths::PROFILE.to_owned()/>
            <crate::devices::page::DevicesLink/> // feature: devices
        </section>
    }
}
