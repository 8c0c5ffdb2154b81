//! The newest failures, for the site's team, on pages outside the team's own (the
//! troubleshooting page shows them). Nothing at all for anyone else.

use super::{LoggedError, TeamAccess};
use crate::errors::AppError;
use crate::formats;
use crate::i18n::td_string;
use crate::locale::use_locale;
use leptos::prelude::*;

/// How many failures the panel lists.
pub const RECENT_FAILURES: u32 = 5;

/// The newest failures, if the visitor is on the team.
#[server]
pub async fn recent_failures() -> Result<TeamAccess<Vec<LoggedError>>, AppError> {
    let sign_in = match super::visitor_access().await? {
        TeamAccess::Allowed(sign_in) => sign_in,
        TeamAccess::SignedOut => return Ok(TeamAccess::SignedOut),
        TeamAccess::Forbidden => return Ok(TeamAccess::Forbidden),
    };
    let listed = super::queries::list(&sign_in.db, &super::ErrorFilter::default(), RECENT_FAILURES, 0).await;
    listed.map(TeamAccess::Allowed).map_err(|error| AppError::database_unavailable(&error))
}

/// For the site's team: the newest failures, with a way to the whole log.
#[component]
pub fn RecentFailures() -> impl IntoView {
    let failures = Resource::new(|| (), |_| recent_failures());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match failures.await {
                    Ok(TeamAccess::Allowed(failures)) => view! { <List failures/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn List(failures: Vec<LoggedError>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2>{td_string!(locale, team.recent_heading)}</h2>
        {if failures.is_empty() {
            view! { <p data-testid="recent-failures">{td_string!(locale, team.recent_none)}</p> }.into_any()
        } else {
            view! {
                <ul data-testid="recent-failures">
                    {failures
                        .into_iter()
                        .map(|failure| {
                            view! {
                                <li>
                                    {formats::date_time(locale, failure.occurred_at)} " · " <code>{failure.reference}</code>
                                    " · " {failure.code.as_str()}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <p><a href=super::PATH>{td_string!(locale, team.whole_log)}</a></p>
    }
}
