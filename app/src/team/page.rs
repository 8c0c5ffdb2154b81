use super::chart::ErrorChart;
use super::{team_errors, CodeCount, ErrorFilter, ErrorReport, LoggedError, TeamAccess};
use crate::components::load_error::LoadError;
use crate::{paths, time_format};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use sign_in::errors::{ErrorCode, Stage};

/// `/team/errors`: the error log for the site's team. Filters are a plain GET form, so the
/// page works without JavaScript and every view has a URL to share.
#[component]
pub fn TeamErrorsPage() -> impl IntoView {
    let query = use_query_map();
    let report = Resource::new(
        move || {
            let q = query.read();
            // Filters are matched against known values only; anything else is ignored.
            let filter = ErrorFilter {
                code: q.get("code").and_then(|code| ErrorCode::from_known(&code)),
                stage: q.get("stage").and_then(|stage| Stage::parse(&stage)),
                reference: q.get("ref").map(|r| r.trim().to_uppercase()),
            };
            (filter, q.get("page").and_then(|p| p.parse().ok()))
        },
        |(filter, page)| team_errors(filter, page),
    );
    view! {
        <Title text="Sign-in errors"/>
        <Suspense fallback=|| view! { <p>"Loading the error log…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(TeamAccess::Allowed(report)) => view! { <Report report/> }.into_any(),
                    Ok(TeamAccess::SignedOut) => {
                        view! { <Redirect path=paths::sign_in_returning_to(super::PATH)/> }.into_any()
                    }
                    Ok(TeamAccess::Forbidden) => view! { <Forbidden/> }.into_any(),
                    Err(error) => view! { <LoadError what="The error log is unavailable" error/> }.into_any(),
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
            <a href=paths::HOME class="button primary">"Home"</a>
        </section>
    }
}

#[component]
fn Report(report: ErrorReport) -> impl IntoView {
    let query = use_query_map();
    // Paging keeps the filters: the same query with another page number.
    let page_link = move |page: u32| {
        let mut params: ParamsMap = ["code", "stage", "ref"]
            .into_iter()
            .filter_map(|name| query.read().get(name).filter(|v| !v.is_empty()).map(|v| (name, v)))
            .collect();
        params.insert("page", page.to_string());
        format!("{}{}", super::PATH, params.to_query_string())
    };
    let ErrorReport { entries, page, pages, total, last_day, anonymous } = report;
    // A reference with no row: most likely an anonymous callback's, which is only counted.
    let unlogged_reference = total == 0 && query.read().get("ref").is_some_and(|r| !r.trim().is_empty());
    view! {
        <section class="panel">
            <h1>"Sign-in errors"</h1>
            <h2>"Last 24 hours"</h2>
            <ErrorChart counts=last_day/>
            <form method="get" action=super::PATH class="filters" data-testid="filters">
                <FilterSelect label="Code" name="code" options=ErrorCode::all().map(ErrorCode::as_str).collect()/>
                <FilterSelect label="Stage" name="stage" options=Stage::all().map(Stage::as_str).collect()/>
                <label>"Reference "
                    <input type="search" name="ref" placeholder="ABCD-2345" value=move || query.read().get("ref").unwrap_or_default()/>
                </label>
                <button type="submit" class="button">"Filter"</button>
                <a href=super::PATH class="link">"Clear"</a>
            </form>
            <p class="hint" data-testid="error-total">{format!("{total} matching, newest first.")}</p>
            {unlogged_reference.then(|| view! {
                <p class="hint" data-testid="no-row">
                    "Nothing is logged under this reference. Callbacks that matched no sign-in of their browser are never logged, only counted below; the server log has a line for each reference."
                </p>
            })}
            <div class="table-scroll">
                <table class="errors" data-testid="error-log">
                    <thead>
                        <tr><th>"When"</th><th>"Reference"</th><th>"Stage"</th><th>"Code"</th><th>"Description from the IdP"</th><th>"Request"</th></tr>
                    </thead>
                    <tbody>{entries.into_iter().map(|entry| view! { <Row entry/> }).collect_view()}</tbody>
                </table>
            </div>
            <nav class="pagination" aria-label="Pages of the error log">
                {(page > 1).then(|| view! { <a href=page_link(page - 1) class="button" rel="prev">"Newer"</a> })}
                <span>"Page " {page} " of " {pages}</span>
                {(page < pages).then(|| view! { <a href=page_link(page + 1) class="button" rel="next">"Older"</a> })}
            </nav>
            <AnonymousCounts counts=anonymous/>
        </section>
    }
}

/// Callbacks that matched no sign-in of their browser: anyone can send them, so they are
/// counted, never logged.
#[component]
fn AnonymousCounts(counts: Vec<CodeCount>) -> impl IntoView {
    view! {
        <h2>"Callbacks that matched no sign-in"</h2>
        <p class="hint">
            "Anyone can send these (a link, an image on another site), so none is logged: this server counts them by code since it started."
        </p>
        {if counts.is_empty() {
            view! { <p data-testid="anonymous-counts">"None since this server started."</p> }.into_any()
        } else {
            view! {
                <table class="errors" data-testid="anonymous-counts">
                    <thead><tr><th>"Code"</th><th>"Count"</th></tr></thead>
                    <tbody>
                        {counts
                            .into_iter()
                            .map(|c| view! { <tr data-code=c.code.as_str()><td>{c.code.as_str()}</td><td>{c.count}</td></tr> })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
    }
}

/// A `<select>` that keeps the value the current URL chose.
#[component]
fn FilterSelect(label: &'static str, name: &'static str, options: Vec<&'static str>) -> impl IntoView {
    let query = use_query_map();
    let chosen = move || query.read().get(name).unwrap_or_default();
    view! {
        <label>
            {label}
            <select name=name>
                <option value="">"any"</option>
                {options
                    .into_iter()
                    .map(|value| view! { <option value=value selected=move || chosen() == value>{value}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn Row(entry: LoggedError) -> impl IntoView {
    let session = if entry.had_session { "with session" } else { "no session" };
    let reference = entry.reference.clone();
    view! {
        <tr data-reference=reference>
            <td>{time_format::utc(entry.occurred_at)}</td>
            <td><code>{entry.reference}</code></td>
            <td>{entry.stage.as_str()}</td>
            <td>{entry.code.as_str()}</td>
            // Text, never HTML: whatever markup the IdP sent is shown as characters.
            <td class="description">{entry.error_description.unwrap_or_default()}</td>
            <td class="request">
                {entry.request_path} <br/>
                <span class="hint">{session} " · " {entry.user_agent.unwrap_or_default()}</span>
            </td>
        </tr>
    }
}
