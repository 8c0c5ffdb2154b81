use super::{troubleshooting_report, Check, Report, Status};
use crate::components::load_error::LoadError;
use crate::components::page_meta::PageMeta;
use crate::i18n::{td, td_string};
use crate::locale::use_locale;
use crate::paths;
use leptos::prelude::*;

/// The checklist and questions from Intastellar's own troubleshooting guide, in our words,
/// and live checks of this site's setup.
#[component]
pub fn TroubleshootingPage() -> impl IntoView {
    let locale = use_locale();
    let report = Resource::new(|| (), |_| troubleshooting_report());
    let (here, everywhere) =
        (td_string!(locale, buttons.sign_out_here), td_string!(locale, buttons.sign_out_everywhere));
    view! {
        <PageMeta title=td_string!(locale, troubleshooting.title) description=td_string!(locale, troubleshooting.description)/>
        <section class="panel">
            <h1>{td_string!(locale, troubleshooting.title)}</h1>
            <p class="lead">{td_string!(locale, troubleshooting.lead)}</p>
            <Suspense fallback=move || view! { <p>{td_string!(locale, troubleshooting.checking)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(report) => view! { <Live report/> }.into_any(),
                        Err(error) => {
                            view! { <LoadError what=td_string!(locale, troubleshooting.unavailable) error/> }.into_any()
                        }
                    }
                })}
            </Suspense>
            <h2>{td_string!(locale, troubleshooting.checklist)}</h2>
            <ul class="checklist">
                <li>{td!(locale, troubleshooting.redirect_uri_item, <strong> = <strong/>, <code> = <code/>)}</li>
                <li>{td!(locale, troubleshooting.state_item, <strong> = <strong/>, <code> = <code/>)}</li>
                <li>{td!(locale, troubleshooting.pkce_item, <strong> = <strong/>)}</li>
                <li>{td!(locale, troubleshooting.clock_item, <strong> = <strong/>)}</li>
                <li>{td!(locale, troubleshooting.backend_item, <strong> = <strong/>)}</li>
            </ul>
            <h2>{td_string!(locale, troubleshooting.questions)}</h2>
            <h3>{td_string!(locale, troubleshooting.popup_question)}</h3>
            <p>{td_string!(locale, troubleshooting.popup_answer)}</p>
            <h3>{td_string!(locale, troubleshooting.invalid_grant_question)}</h3>
            <p>{td_string!(locale, troubleshooting.invalid_grant_answer)}</p>
            <h3>{td_string!(locale, troubleshooting.sign_out_question)}</h3>
            <p>{td_string!(locale, troubleshooting.sign_out_answer, here, everywhere).to_string()}</p>
            <p><a href=paths::HOME class="button">{td_string!(locale, buttons.home)}</a></p>
        </section>
    }
}

/// The results of the live checks.
#[component]
fn Live(report: Report) -> impl IntoView {
    let locale = use_locale();
    let Report { redirect_uri, post_logout_redirect_uri, backchannel_logout_uri, checks, with_details } =
        report;
    view! {
        <h2>{td_string!(locale, troubleshooting.register)}</h2>
        <p>{td_string!(locale, troubleshooting.register_text)}</p>
        <dl class="uris">
            <dt>{td_string!(locale, troubleshooting.redirect_uri)}</dt>
            <dd><code data-testid="redirect-uri">{redirect_uri}</code></dd>
            <dt>{td_string!(locale, troubleshooting.post_logout_uri)}</dt>
            <dd><code data-testid="post-logout-uri">{post_logout_redirect_uri}</code></dd>
            <dt>{td_string!(locale, back_channel.uri)}</dt>
            <dd><code data-testid="backchannel-logout-uri">{backchannel_logout_uri}</code></dd>
        </dl>
        <h2>{td_string!(locale, troubleshooting.live)}</h2>
        {(!with_details).then(|| view! {
            <p data-testid="details-for-the-team">{td_string!(locale, troubleshooting.details_for_the_team)}</p>
        })}
        <ul class="live-checks" data-testid="live-checks">
            {checks.into_iter().map(|check| view! { <CheckItem check/> }).collect_view()}
        </ul>
        <crate::team::recent::RecentFailures/> // feature: team
    }
}

#[component]
fn CheckItem(check: Check) -> impl IntoView {
    let locale = use_locale();
    let (status, label) = match check.status {
        Status::Pass => ("pass", td_string!(locale, troubleshooting.pass)),
        Status::Warn => ("warn", td_string!(locale, troubleshooting.warn)),
    };
    view! {
        <li class=format!("check {status}") data-check=check.id.as_str() data-status=status>
            <strong>{check.id.title(locale)}</strong>
            <span class="status">{label}</span>
            <p>{check.finding}</p>
            {check.detail.map(|detail| view! { <p class="detail" data-testid="check-detail">{detail}</p> })}
            {check.advice.map(|advice| view! { <p class="hint">{advice}</p> })}
        </li>
    }
}
