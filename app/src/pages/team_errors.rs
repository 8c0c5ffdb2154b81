use crate::components::error_chart::ErrorChart;
use crate::errors::{ErrorCode, Stage};
use crate::team::{team_errors, ErrorEntry, ErrorReport, TeamAccess};
use crate::time_format;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// `/team/errors`: the error log for the site's team. Filters are a plain GET form, so the
/// page works without JavaScript and every view has a URL to share.
#[component]
pub fn TeamErrorsPage() -> impl IntoView {
    let query = use_query_map();
    let report = Resource::new(
        move || {
            let q = query.read();
            (q.get("code"), q.get("stage"), q.get("ref"), q.get("page").and_then(|p| p.parse().ok()))
        },
        |(code, stage, reference, page)| team_errors(code, stage, reference, page),
    );
    view! {
        <Title text="Sign-in errors"/>
        <Suspense fallback=|| view! { <p>"Loading the error log…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(TeamAccess::Allowed(report)) => view! { <Report report/> }.into_any(),
                    Ok(TeamAccess::SignedOut) => {
                        view! { <Redirect path="/sign-in?return_to=%2Fteam%2Ferrors"/> }.into_any()
                    }
                    Ok(TeamAccess::Forbidden) => view! { <Forbidden/> }.into_any(),
                    Err(error) => {
                        view! {
                            <section class="panel narrow">
                                <h1>"The error log is unavailable"</h1>
                                <p>{error.to_string()} ". Please try again in a moment."</p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    view! {
        <section class="panel narrow" data-testid="forbidden">
            <h1>"This page is for the site's team"</h1>
            <p>"You're signed in, but your account is not on the team's list, so the error log stays private."</p>
            <p>"If you should have access, ask the team to add your email to TEAM_EMAILS."</p>
            <a href="/" class="button primary">"Home"</a>
        </section>
    }
}

#[component]
fn Report(report: ErrorReport) -> impl IntoView {
    let query = use_query_map();
    let selected = move |name: &str| query.read().get(name).unwrap_or_default();
    let page_link = move |page: u32| {
        let mut params: Vec<String> = ["code", "stage", "ref"]
            .into_iter()
            .filter_map(|name| {
                query.read().get(name).filter(|v| !v.is_empty()).map(|v| format!("{name}={}", encode(&v)))
            })
            .collect();
        params.push(format!("page={page}"));
        format!("/team/errors?{}", params.join("&"))
    };
    let ErrorReport { entries, page, pages, total, last_day } = report;
    view! {
        <section class="panel">
            <h1>"Sign-in errors"</h1>
            <h2>"Last 24 hours"</h2>
            <ErrorChart counts=last_day/>
            <form method="get" action="/team/errors" class="filters" data-testid="filters">
                <label>"Code "
                    <select name="code">
                        <option value="">"any"</option>
                        {ErrorCode::ALL.into_iter().map(|c| {
                            let value = c.as_str();
                            view! { <option value=value selected=move || selected("code") == value>{value}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>"Stage "
                    <select name="stage">
                        <option value="">"any"</option>
                        {Stage::ALL.into_iter().map(|s| {
                            let value = s.as_str();
                            view! { <option value=value selected=move || selected("stage") == value>{value}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>"Reference "
                    <input type="search" name="ref" placeholder="ABCD-2345" value=move || selected("ref")/>
                </label>
                <button type="submit" class="button">"Filter"</button>
                <a href="/team/errors" class="link">"Clear"</a>
            </form>
            <p class="hint" data-testid="error-total">{format!("{total} matching, newest first.")}</p>
            <div class="table-scroll">
                <table class="errors" data-testid="error-log">
                    <thead>
                        <tr><th>"When"</th><th>"Reference"</th><th>"Stage"</th><th>"Code"</th><th>"Description from the IdP"</th><th>"Request"</th></tr>
                    </thead>
                    <tbody>{entries.into_iter().map(|entry| view! { <Row entry/> }).collect_view()}</tbody>
                </table>
            </div>
            <nav class="pagination">
                {(page > 1).then(|| view! { <a href=page_link(page - 1) class="button" rel="prev">"Newer"</a> })}
                <span>"Page " {page} " of " {pages}</span>
                {(page < pages).then(|| view! { <a href=page_link(page + 1) class="button" rel="next">"Older"</a> })}
            </nav>
        </section>
    }
}

#[component]
fn Row(entry: ErrorEntry) -> impl IntoView {
    let session = if entry.had_session { "with session" } else { "no session" };
    let reference = entry.reference.clone();
    view! {
        <tr data-reference=reference>
            <td>{time_format::utc(entry.occurred_at)}</td>
            <td><code>{entry.reference}</code></td>
            <td>{entry.stage}</td>
            <td>{entry.code}</td>
            // Text, never HTML: whatever markup the IdP sent is shown as characters.
            <td class="description">{entry.description.unwrap_or_default()}</td>
            <td class="request">
                {entry.request_path} <br/>
                <span class="hint">{session} " · " {entry.user_agent.unwrap_or_default()}</span>
            </td>
        </tr>
    }
}

/// Percent-encodes a query value (the values here are codes, stages and references).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
