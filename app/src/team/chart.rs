use super::CodeCount;
use crate::formats;
use crate::i18n::td_string;
use crate::locale::use_locale;
use leptos::prelude::*;

const BAR_HEIGHT: u32 = 22;
const LABEL_WIDTH: u32 = 190;
const BAR_SPACE: u32 = 300;

/// Failures per code as an inline SVG bar chart: no chart library, no JavaScript.
#[component]
pub fn ErrorChart(counts: Vec<CodeCount>) -> impl IntoView {
    let locale = use_locale();
    if counts.is_empty() {
        return view! { <p class="hint" data-testid="error-chart-empty">{td_string!(locale, team.chart_empty)}</p> }
            .into_any();
    }
    let max = counts.iter().map(|bar| bar.count).max().unwrap_or(1).max(1);
    let height = BAR_HEIGHT * u32::try_from(counts.len()).unwrap_or(u32::MAX);
    let width = LABEL_WIDTH + BAR_SPACE + 50;
    let bars = counts
        .into_iter()
        .enumerate()
        .map(|(i, CodeCount { code, count: n })| {
            let y = BAR_HEIGHT * u32::try_from(i).unwrap_or(0);
            let bar = u32::try_from(u64::from(BAR_SPACE) * n / max).unwrap_or(BAR_SPACE).max(2);
            let label = code.as_str();
            view! {
                <g data-code=label data-count=n>
                    <text x=LABEL_WIDTH - 8 y=y + 15 text-anchor="end" class="chart-label">{label}</text>
                    <rect x=LABEL_WIDTH y=y + 4 width=bar height=BAR_HEIGHT - 8 rx="3" class="chart-bar"></rect>
                    <text x=LABEL_WIDTH + bar + 6 y=y + 15 class="chart-value">{formats::count(locale, n)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            class="error-chart"
            data-testid="error-chart"
            role="img"
            aria-label=td_string!(locale, team.chart_label)
            viewBox=format!("0 0 {width} {height}")
            width=width
            height=height
        >
            {bars}
        </svg>
    }
    .into_any()
}
