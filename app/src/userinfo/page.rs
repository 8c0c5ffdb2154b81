use super::{userinfo_now, Claim, UserinfoAnswer};
use crate::components::load_error::LoadError;
use crate::components::page_meta::PageMeta;
use crate::formats;
use crate::i18n::td_string;
use crate::locale::use_locale;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/account/userinfo`: what the IdP says about the signed-in person right now.
#[component]
pub fn UserinfoPage() -> impl IntoView {
    let locale = use_locale();
    let answer = Resource::new(|| (), |_| userinfo_now());
    view! {
        <PageMeta title=td_string!(locale, userinfo.title) description=td_string!(locale, userinfo.description)/>
        <Suspense fallback=move || view! { <p>{td_string!(locale, userinfo.loading)}</p> }>
            {move || Suspend::new(async move {
                match answer.await {
                    Ok(UserinfoAnswer::Claims { claims, token_expires_at }) => {
                        view! { <Answer claims token_expires_at/> }.into_any()
                    }
                    Ok(UserinfoAnswer::NoEndpoint { token_expires_at }) => {
                        view! { <Answer claims=Vec::new() token_expires_at/> }.into_any()
                    }
                    Ok(UserinfoAnswer::NotKept) => view! { <NotKept/> }.into_any(),
                    Ok(UserinfoAnswer::GoTo(path)) => view! { <Redirect path/> }.into_any(),
                    Err(error) => {
                        view! { <LoadError what=td_string!(locale, userinfo.load_error) error/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Answer(claims: Vec<Claim>, token_expires_at: i64) -> impl IntoView {
    let locale = use_locale();
    let expires = formats::date_time(locale, token_expires_at);
    let empty = claims.is_empty();
    view! {
        <section class="panel">
            <h1>{td_string!(locale, userinfo.heading)}</h1>
            <p class="lead">{td_string!(locale, userinfo.lead)}</p>
            {(!empty).then(|| view! {
                <table class="claims" data-testid="userinfo-claims">
                    <thead>
                        <tr><th scope="col">{td_string!(locale, userinfo.claim)}</th><th scope="col">{td_string!(locale, userinfo.value)}</th></tr>
                    </thead>
                    <tbody>
                        {claims
                            .into_iter()
                            .map(|Claim { name, value }| view! {
                                <tr><th scope="row">{name}</th><td>{value}</td></tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            })}
            {empty.then(|| view! { <p>{td_string!(locale, userinfo.no_endpoint)}</p> })}
            <p data-testid="token-expires" data-expires-at=token_expires_at.to_string()>
                {td_string!(locale, userinfo.token_expires, at = expires).to_string()}
            </p>
        </section>
    }
}

#[component]
fn NotKept() -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="panel narrow" data-testid="tokens-not-kept">
            <h1>{td_string!(locale, userinfo.not_kept_heading)}</h1>
            <p>{td_string!(locale, userinfo.not_kept)}</p>
        </section>
    }
}
