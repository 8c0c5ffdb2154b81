use super::{troubleshooting_report, Check, Report, Status};
use crate::components::load_error::LoadError;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

/// The checklist and questions from Intastellar's own troubleshooting guide, in our words,
/// and live checks of this site's setup.
#[component]
pub fn TroubleshootingPage() -> impl IntoView {
    let report = Resource::new(|| (), |_| troubleshooting_report());
    view! {
        <Title text="Troubleshooting sign-in"/>
        <section class="panel">
            <h1>"Troubleshooting sign-in"</h1>
            <p class="lead">"Most sign-in problems come from a handful of settings. This page checks what it can, live."</p>
            <Suspense fallback=|| view! { <p>"Checking this site's setup…"</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(report) => view! { <Live report/> }.into_any(),
                        Err(error) => view! { <LoadError what="The live checks are unavailable" error/> }.into_any(),
                    }
                })}
            </Suspense>
            <h2>"Checklist for the site's team"</h2>
            <ul class="checklist">
                <li><strong>"Redirect URI."</strong> " The URI registered at Intastellar must match "
                    <code>"APP_BASE_URL/auth/callback"</code> " exactly: scheme, host, port and path, with no extra query."</li>
                <li><strong>"State."</strong> " The " <code>"state"</code> " returned must be the one stored for this sign-in. "
                    "A sign-in finished in another browser, or after the session expired, fails this check."</li>
                <li><strong>"PKCE."</strong> " The code verifier sent to the token endpoint must be the one that produced the challenge."</li>
                <li><strong>"Clock."</strong> " The server's clock must be right: ID tokens expire within minutes."</li>
                <li><strong>"Backend only."</strong> " Token requests go from the server, never the browser (they fail there by design)."</li>
            </ul>
            <h2>"Questions people ask"</h2>
            <h3>"The sign-in popup is blank or blocked"</h3>
            <p>"Browsers block popups that a click did not open. Allow popups for this site, or use the normal sign-in, which needs none."</p>
            <h3>"“Invalid grant” every time"</h3>
            <p>"A sign-in code works once and only for a short time. Seeing this every time usually means the code is "
               "used twice (a retried request) or the redirect URI differs between the two steps."</p>
            <h3>"We only want to sign out of our app"</h3>
            <p>"Use “Sign out of this site”. Intastellar still remembers the person, so their next sign-in is instant "
               "and asks nothing; “Sign out of Intastellar too” ends that as well."</p>
            <p><a href=paths::HOME class="button">"Home"</a></p>
        </section>
    }
}

/// The results of the live checks.
#[component]
fn Live(report: Report) -> impl IntoView {
    let Report { redirect_uri, post_logout_redirect_uri, checks, with_details } = report;
    view! {
        <h2>"Register these at Intastellar"</h2>
        <p>"This site sends these exact addresses; the IdP's console must list them character for character."</p>
        <dl class="uris">
            <dt>"Redirect URI"</dt>
            <dd><code data-testid="redirect-uri">{redirect_uri}</code></dd>
            <dt>"Post-logout redirect URI"</dt>
            <dd><code data-testid="post-logout-uri">{post_logout_redirect_uri}</code></dd>
        </dl>
        <h2>"Live checks"</h2>
        {(!with_details).then(|| view! {
            <p data-testid="details-for-the-team">
                "The details behind each check (error messages, the measured clock difference) are for "
                "the site's team: sign in with an account listed in TEAM_EMAILS to see them."
            </p>
        })}
        <ul class="live-checks" data-testid="live-checks">
            {checks.into_iter().map(|check| view! { <CheckItem check/> }).collect_view()}
        </ul>
        <crate::team::recent::RecentFailures/> // feature: team
    }
}

#[component]
fn CheckItem(check: Check) -> impl IntoView {
    let (status, label) = match check.status {
        Status::Pass => ("pass", "Pass"),
        Status::Warn => ("warn", "Check this"),
    };
    view! {
        <li class=format!("check {status}") data-check=check.id.as_str() data-status=status>
            <strong>{check.id.title()}</strong>
            <span class="status">{label}</span>
            <p>{check.finding}</p>
            {check.detail.map(|detail| view! { <p class="detail" data-testid="check-detail">{detail}</p> })}
            {check.advice.map(|advice| view! { <p class="hint">{advice}</p> })}
        </li>
    }
}
