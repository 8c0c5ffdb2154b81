//! How the site tells a failure, wherever it does: the catalogue's words for its code and the
//! reference it was logged under. Each place wraps them in its own panel and actions.

use super::reference::Reference;
use leptos::either::Either;
use leptos::prelude::*;
use sign_in::errors::{is_reference, ErrorCode};

/// The level of the failure's title: a page's own heading, or one inside a page's panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Heading {
    #[default]
    H1,
    H2,
}

/// The catalogue's entry for `code`: its title at the `heading` level, what happened and what
/// to do, then `reference` if it is well-formed (a reference from a URL may be anything).
#[component]
pub fn Failure(
    code: ErrorCode,
    reference: Option<String>,
    #[prop(optional)] heading: Heading,
) -> impl IntoView {
    let entry = code.entry();
    let title = match heading {
        Heading::H1 => Either::Left(view! { <h1 data-testid="error-title">{entry.title}</h1> }),
        Heading::H2 => Either::Right(view! { <h2 data-testid="error-title">{entry.title}</h2> }),
    };
    let reference = reference.filter(|reference| is_reference(reference));
    view! {
        {title}
        <p>{entry.what_happened}</p>
        <p>{entry.what_to_do}</p>
        {reference.map(|reference| view! { <Reference reference/> })}
    }
}
