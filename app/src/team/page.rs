use super::chart::ErrorChart;
use super::{team_errors, CodeCount, ErrorFilter, ErrorReport, LoggedError, TeamAccess};
use crate::components::load_error::LoadError;
use crate::components::page_meta::PageMeta;
use crate::i18n::{td_string, Locale};
use crate::locale::use_locale;
use crate::{formats, paths};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use sign_in::errors::{ErrorCode, Stage};

/// `/team/errors`: the error log for the site's team. Filters are a plain GET form, so the
/// page works without JavaScript and every view has a URL to share.
#[component]
pub fn TeamErrorsPage() -> impl IntoView {
    let locale = use_locale();
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
        <PageMeta title=td_string!(locale, team.title) description=td_string!(locale, team.description)/>
        <Suspense fallback=move || view! { <p>{td_string!(locale, team.loading)}</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(TeamAccess::Allowed(report)) => view! { <Report report/> }.into_any(),
                    Ok(TeamAccess::SignedOut) => {
                        view! { <Redirect path=paths::sign_in_returning_to(super::PATH)/> }.into_any()
                    }
                    Ok(TeamAccess::Forbidden) => view! { <Forbidden/> }.into_any(),
                    Err(error) => view! { <LoadError what=td_string!(locale, team.unavailable) error/> }.into_any(),
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
    let locale = use_locale();
    view! {
        <section class="panel narrow" data-testid="forbidden">
            <h1>{td_string!(locale, team.forbidden_heading)}</h1>
            <p>{td_string!(locale, team.forbidden_text)}</p>
            <p>{td_string!(locale, team.forbidden_ask)}</p>
            <a href=paths::HOME class="button primary">{td_string!(locale, buttons.home)}</a>
        </section>
    }
}

#[component]
fn Report(report: ErrorReport) -> impl IntoView {
    let locale = use_locale();
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
            <h1>{td_string!(locale, team.title)}</h1>
            <h2>{td_string!(locale, team.last_day)}</h2>
            <ErrorChart counts=last_day/>
            <form method="get" action=super::PATH class="filters" data-testid="filters">
                <FilterSelect label=td_string!(locale, team.code) name="code" options=ErrorCode::all().map(ErrorCode::as_str).collect()/>
                <FilterSelect label=td_string!(locale, team.stage) name="stage" options=Stage::all().map(Stage::as_str).collect()/>
                <label>{td_string!(locale, team.reference)} " "
                    <input type="search" name="ref" placeholder="ABCD-2345" value=move || query.read().get("ref").unwrap_or_default()/>
                </label>
                <button type="submit" class="button">{td_string!(locale, team.filter)}</button>
                <a href=super::PATH class="link">{td_string!(locale, team.clear)}</a>
            </form>
            <p class="hint" data-testid="error-total">{td_string!(locale, team.total, total).to_string()}</p>
            {unlogged_reference.then(|| view! {
                <p class="hint" data-testid="no-row">{td_string!(locale, team.no_row)}</p>
            })}
            <div class="table-scroll">
                <table class="errors" data-testid="error-log">
                    <thead>
                        <tr>
                            <th>{td_string!(locale, team.when)}</th>
                            <th>{td_string!(locale, team.reference)}</th>
                            <th>{td_string!(locale, team.stage)}</th>
                            <th>{td_string!(locale, team.code)}</th>
                            <th>{td_string!(locale, team.idp_description)}</th>
                            <th>{td_string!(locale, team.request)}</th>
                        </tr>
                    </thead>
                    <tbody>{entries.into_iter().map(|entry| view! { <Row entry locale/> }).collect_view()}</tbody>
                </table>
            </div>
            <nav class="pagination" aria-label=td_string!(locale, team.pages)>
                {(page > 1).then(|| view! { <a href=page_link(page - 1) class="button" rel="prev">{td_string!(locale, team.newer)}</a> })}
                <span>{td_string!(locale, team.page_of, page, pages).to_string()}</span>
                {(page < pages).then(|| view! { <a href=page_link(page + 1) class="button" rel="next">{td_string!(locale, team.older)}</a> })}
            </nav>
            <AnonymousCounts counts=anonymous locale/>
        </section>
    }
}

/// Callbacks that matched no sign-in of their browser: anyone can send them, so they are
/// counted, never logged.
#[component]
fn AnonymousCounts(counts: Vec<CodeCount>, locale: Locale) -> impl IntoView {
    view! {
        <h2>{td_string!(locale, team.anonymous_heading)}</h2>
        <p class="hint">{td_string!(locale, team.anonymous_text)}</p>
        {if counts.is_empty() {
            view! { <p data-testid="anonymous-counts">{td_string!(locale, team.anonymous_none)}</p> }.into_any()
        } else {
            view! {
                <table class="errors" data-testid="anonymous-counts">
                    <thead><tr><th>{td_string!(locale, team.code)}</th><th>{td_string!(locale, team.count)}</th></tr></thead>
                    <tbody>
                        {counts
                            .into_iter()
                            .map(|c| view! { <tr data-code=c.code.as_str()><td>{c.code.as_str()}</td><td>{formats::count(locale, c.count)}</td></tr> })
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
                <option value="">{td_string!(use_locale(), team.any)}</option>
                {options
                    .into_iter()
                    .map(|value| view! { <option value=value selected=move || chosen() == value>{value}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn Row(entry: LoggedError, locale: Locale) -> impl IntoView {
    let session = if entry.had_session {
        td_string!(locale, team.with_session)
    } else {
        td_string!(locale, team.no_session)
    };
    let reference = entry.reference.clone();
    view! {
        <tr data-reference=reference>
            <td>{formats::date_time(locale, entry.occurred_at)}</td>
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
