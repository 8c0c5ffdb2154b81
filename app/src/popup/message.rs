//! The two messages between the popup and its opener, and the checks on what arrives.
//!
//! The popup reports `{ type: "intastellar-sign-in", attempt: "…", outcome: "signed_in" }`,
//! or `outcome: "failed"` with the catalogue `code` and the `reference`. The opener answers
//! `{ type: "iframe-token-received" }`, the reply Intastellar's SDK expects. Both are sent
//! to our own origin only, and a message counts only when it comes from our own origin and
//! from the one window expected to send it (any page can post to a window), and a report
//! only when it names the attempt of the click the opener is waiting on.
//!
//! A popup cut off from its opener sends the same report on the [`CHANNEL`]
//! `BroadcastChannel`, which only this site's own pages share.

use super::{PopupOutcome, ATTEMPT};
use leptos::prelude::window;
use leptos::wasm_bindgen::JsValue;
use leptos::web_sys::MessageEvent;
use sign_in::errors::{is_reference, ErrorCode};

const TYPE: &str = "type";
const REPORT: &str = "intastellar-sign-in";
const ACKNOWLEDGEMENT: &str = "iframe-token-received";
const SIGNED_IN: &str = "signed_in";
const FAILED: &str = "failed";

/// The `BroadcastChannel` a popup without an opener reports on.
pub const CHANNEL: &str = "intastellar-sign-in";

/// The popup's report of `outcome`, for `attempt`.
pub fn report(outcome: &PopupOutcome, attempt: &str) -> JsValue {
    let message = js_sys::Object::new();
    set(&message, TYPE, REPORT);
    set(&message, ATTEMPT, attempt);
    match outcome {
        PopupOutcome::SignedIn => set(&message, "outcome", SIGNED_IN),
        PopupOutcome::Failed { code, reference } => {
            set(&message, "outcome", FAILED);
            set(&message, "code", code.as_str());
            if let Some(reference) = reference {
                set(&message, "reference", reference);
            }
        }
    }
    message.into()
}

/// Reads a report for `attempt`; anything else, a report for another attempt, or anything
/// malformed is `None`. An unknown code reads as `unknown` and a malformed reference as none,
/// so nothing arbitrary reaches the page.
pub fn read_report(data: &JsValue, attempt: &str) -> Option<PopupOutcome> {
    if get(data, TYPE)? != REPORT || get(data, ATTEMPT)? != attempt {
        return None;
    }
    match get(data, "outcome")?.as_str() {
        SIGNED_IN => Some(PopupOutcome::SignedIn),
        FAILED => Some(PopupOutcome::Failed {
            code: ErrorCode::parse(&get(data, "code").unwrap_or_default()),
            reference: get(data, "reference").filter(|reference| is_reference(reference)),
        }),
        _ => None,
    }
}

/// The opener's acknowledgement.
pub fn acknowledgement() -> JsValue {
    let message = js_sys::Object::new();
    set(&message, TYPE, ACKNOWLEDGEMENT);
    message.into()
}

pub fn is_acknowledgement(data: &JsValue) -> bool {
    get(data, TYPE).as_deref() == Some(ACKNOWLEDGEMENT)
}

/// True when `event` comes from our own origin and from `expected`, the one window that
/// may send it.
pub fn is_from(event: &MessageEvent, expected: &JsValue) -> bool {
    let from_expected_window = event.source().is_some_and(|source| js_sys::Object::is(&source, expected));
    from_expected_window && Some(event.origin()) == own_origin()
}

/// This page's origin: where our messages may go, and where they must come from.
pub fn own_origin() -> Option<String> {
    window().location().origin().ok()
}

fn set(message: &js_sys::Object, key: &str, value: &str) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(message, &key.into(), &value.into());
}

fn get(data: &JsValue, key: &str) -> Option<String> {
    if !data.is_object() {
        return None;
    }
    js_sys::Reflect::get(data, &key.into()).ok()?.as_string()
}
