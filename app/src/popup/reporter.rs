//! Inside the popup: tell the opener how the sign-in went, then close; or, cut off from the
//! opener, tell it on the site's channel and finish here.

use super::{message, PopupOutcome, PopupReport};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{BroadcastChannel, Element, HtmlElement, MessageEvent, UrlSearchParams, Window};
use std::time::Duration;

/// How long the popup waits for the opener's acknowledgement before it finishes by itself.
const ACKNOWLEDGEMENT_WAIT: Duration = Duration::from_secs(3);

/// Reports how the sign-in ended to the window that opened this popup and closes when it
/// answers. With no opener (it was closed or navigated away, or an IdP page that sets COOP
/// cut this window off from it) or no answer, reports on the site's channel instead and
/// finishes in this window. `children` hold both parts, rendered by the server in the page's
/// language: what happens next ([`NEXT`]), shown first, and what to do once it finished here
/// ([`FINISHED`], with a button that closes the window, [`CLOSE`]). It reads the outcome from
/// this page's own address, as the page did on the server, so it takes no props.
#[island]
pub fn PopupReporter(children: Children) -> impl IntoView {
    crate::hydration::island_rendered();
    // Effects run only in the browser, once the island is hydrated.
    Effect::new(move |_| {
        let search = window().location().search().unwrap_or_default();
        let Ok(query) = UrlSearchParams::new_with_str(&search) else { return };
        report(PopupOutcome::from_query(|name| query.get(name)));
    });
    let close = |event: leptos::ev::MouseEvent| {
        let target = event.target().and_then(|target| target.dyn_into::<Element>().ok());
        let selector = format!("[data-popup-action=\"{CLOSE}\"]");
        if target.and_then(|target| target.closest(&selector).ok().flatten()).is_some() {
            window().close().ok();
        }
    };
    // `finish_here` swaps the two parts' `hidden` rather than re-rendering: no reactive view,
    // fewer bytes in the bundle.
    view! { <div class="popup-report" on:click=close>{children()}</div> }
}

/// The reporter's two parts: what happens next, and what to do once it finished here.
pub const NEXT: &str = "next";
pub const FINISHED: &str = "finished";
/// The `data-popup-action` of the button that closes the popup.
pub const CLOSE: &str = "close";

/// Shows that the sign-in finished in this window, in place of what happens next.
fn finish_here() {
    for (part, hidden) in [(NEXT, true), (FINISHED, false)] {
        let selector = format!("[data-popup-part=\"{part}\"]");
        if let Some(element) = document().query_selector(&selector).ok().flatten() {
            element.unchecked_into::<HtmlElement>().set_hidden(hidden);
        }
    }
}

fn report(report: PopupReport) {
    let PopupReport { outcome, attempt, .. } = report;
    // No page waits for a popup whose address names no attempt (one opened by hand).
    let Some(attempt) = attempt else { return finish_here() };
    let tell_and_finish_here = {
        let (outcome, attempt) = (outcome.clone(), attempt.clone());
        move || {
            broadcast(&outcome, &attempt);
            finish_here();
        }
    };
    let window = window();
    let opener = window.opener().ok().filter(|opener| opener.is_object());
    let (Some(opener), Some(origin)) = (opener, message::own_origin()) else {
        return tell_and_finish_here();
    };
    let opener: Window = opener.unchecked_into();
    if opener.post_message(&message::report(&outcome, &attempt), &origin).is_err() {
        return tell_and_finish_here();
    }
    let this = window.clone();
    // The listener lives as long as this window does.
    let _listener = window_event_listener(leptos::ev::message, move |event: MessageEvent| {
        if message::is_from(&event, &opener) && message::is_acknowledgement(&event.data()) {
            this.close().ok();
        }
    });
    set_timeout(tell_and_finish_here, ACKNOWLEDGEMENT_WAIT);
}

/// Tells every page of this site that listens for `attempt` how it ended.
fn broadcast(outcome: &PopupOutcome, attempt: &str) {
    if let Ok(channel) = BroadcastChannel::new(message::CHANNEL) {
        channel.post_message(&message::report(outcome, attempt)).ok();
        // Closing stops this window hearing the channel; the message is already on its way.
        channel.close();
    }
}
