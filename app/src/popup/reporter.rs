//! Inside the popup: tell the opener how the sign-in went, then close.

use super::{message, PopupOutcome, PopupReport};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{MessageEvent, UrlSearchParams, Window};
use std::time::Duration;

/// How long the popup waits for the opener's acknowledgement before it goes on by itself.
const ACKNOWLEDGEMENT_WAIT: Duration = Duration::from_secs(3);

/// Reports how the sign-in ended to the window that opened this popup and closes when it
/// answers. With no opener (it was closed, or navigated away) or no answer, goes on to where
/// a redirect sign-in would have landed. It reads the outcome from this page's own address,
/// as the page did on the server, so it takes no props.
#[island]
pub fn PopupReporter() -> impl IntoView {
    crate::hydration::island_rendered();
    // Effects run only in the browser, once the island is hydrated.
    Effect::new(move |_| {
        let search = window().location().search().unwrap_or_default();
        let Ok(query) = UrlSearchParams::new_with_str(&search) else { return };
        let PopupReport { outcome, continue_to } = PopupOutcome::from_query(|name| query.get(name));
        report(&outcome, &continue_to);
    });
}

fn report(outcome: &PopupOutcome, continue_to: &str) {
    let window = window();
    let go_on = {
        let (window, continue_to) = (window.clone(), continue_to.to_owned());
        move || {
            window.location().replace(&continue_to).ok();
        }
    };
    let opener = window.opener().ok().filter(|opener| opener.is_object());
    let (Some(opener), Some(origin)) = (opener, message::own_origin()) else {
        return go_on();
    };
    let opener: Window = opener.unchecked_into();
    if opener.post_message(&message::report(outcome), &origin).is_err() {
        return go_on();
    }
    let this = window.clone();
    // The listener lives as long as this window does.
    let _listener = window_event_listener(leptos::ev::message, move |event: MessageEvent| {
        if message::is_from(&event, &opener) && message::is_acknowledgement(&event.data()) {
            this.close().ok();
        }
    });
    set_timeout(go_on, ACKNOWLEDGEMENT_WAIT);
}
