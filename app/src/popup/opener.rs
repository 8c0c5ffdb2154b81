//! "Sign in in a popup": the island on the page that opens the popup.

use super::{message, rerender, PopupOutcome, ATTEMPT, MODE, WINDOW_NAME_PREFIX};
use crate::auth::api::Login;
use crate::components::auth_buttons::SignInButton;
use crate::components::failure::{Failure, Heading};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{
    BroadcastChannel, HtmlDivElement, HtmlFormElement, HtmlInputElement, MessageEvent, Window,
};
use send_wrapper::SendWrapper;
use sign_in::errors::ErrorCode;
use std::time::Duration;

/// The size of the window Intastellar's SDK opens.
const WIDTH: i32 = 500;
const HEIGHT: i32 = 719;
/// How often the page looks whether the popup was closed: browsers send no event for it.
const CLOSED_POLL: Duration = Duration::from_millis(300);

/// What the popup is doing, as the page tells the person.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    Idle,
    Waiting,
    /// The browser refused to open the window.
    Blocked,
    /// The person closed the window before the sign-in finished.
    Closed,
    Failed {
        code: ErrorCode,
        reference: Option<String>,
    },
}

/// The open popup and its listeners, until it reports or another click replaces it.
struct Watch {
    popup: Window,
    message: WindowListenerHandle,
    /// The site's channel, for a report from a popup cut off from this page.
    channel: Option<BroadcastChannel>,
    /// Stopped once the popup looks closed; the listeners stay, because a popup cut off from
    /// its opener looks closed too, and still reports on the channel.
    closed: Option<IntervalHandle>,
}

/// A button that signs in in a small window and updates this page when it is done, landing
/// on `return_to`. Without JavaScript it is the ordinary redirect sign-in.
///
/// The forms render on the server and reach [`PopupOpener`] as its children: the island takes
/// no serialized props, which keeps serde's deserializer out of the browser bundle (see
/// BENCHMARKS.md), and it reads `return_to` from the form when it is posted.
#[component]
pub fn PopupSignIn(return_to: String) -> impl IntoView {
    view! {
        <PopupOpener>
            <form method="post" action=Login::PATH class="inline-form">
                <input type="hidden" name=RETURN_TO value=return_to.clone()/>
                <button type="submit" class="button" data-testid="sign-in-popup">"Sign in in a popup"</button>
            </form>
            // What the button posts into the popup once JavaScript has opened it and named
            // the attempt (the window's name, the form's target and its `attempt`).
            <form method="post" action=Login::PATH class=POPUP_FORM hidden>
                <input type="hidden" name=RETURN_TO value=return_to/>
                <input type="hidden" name="mode" value=MODE/>
                <input type="hidden" name=ATTEMPT/>
            </form>
        </PopupOpener>
    }
}

/// The field both forms carry: where the sign-in lands.
const RETURN_TO: &str = "return_to";
/// The class of the form posted into the popup.
const POPUP_FORM: &str = "popup-form";

/// The interactive part of [`PopupSignIn`]: opens the popup, posts the hidden form into it and
/// tells the person how it is going.
#[island]
fn PopupOpener(children: Children) -> impl IntoView {
    crate::hydration::island_rendered();
    let status = RwSignal::new(Status::Idle);
    let forms = NodeRef::<html::Div>::new();
    // Empty on the server, so nothing browser-bound is ever created (or dropped) on one of
    // its threads; in the browser, which has one thread, it holds the open popup's listeners.
    let watch = StoredValue::new(None::<SendWrapper<Watch>>);
    let destination = StoredValue::new(String::new());

    let open = move || {
        // A second click replaces the window of the first.
        if let Some(previous) = stop(watch) {
            previous.close().ok();
        }
        let Some(form) = forms.get_untracked().and_then(|forms| popup_form(&forms)) else { return };
        destination.set_value(field(&form, RETURN_TO));
        let name = new_attempt().map(|attempt| (format!("{WINDOW_NAME_PREFIX}{attempt}"), attempt));
        let Some((popup, attempt)) = name.and_then(|(name, attempt)| {
            let popup = open_window(&name)?;
            form.set_target(&name);
            Some((popup, attempt))
        }) else {
            status.set(Status::Blocked);
            return;
        };
        set_field(&form, ATTEMPT, &attempt);
        // Our own form, posted into the named window: the IdP sees an ordinary sign-in.
        form.submit().ok();
        status.set(Status::Waiting);
        let popup = watch_popup(popup, attempt, status, watch, destination);
        watch.set_value(Some(SendWrapper::new(popup)));
    };
    // Only the visible form is ever submitted by the person: the popup form is posted by
    // `open`, which fires no submit event.
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        open();
    };

    view! {
        <div class="popup-sign-in">
            <div class="popup-forms" node_ref=forms on:submit=on_submit>
                {children()}
            </div>
            <div role="status" aria-live="polite" class="popup-status">
                {move || match status.get() {
                    Status::Idle => ().into_any(),
                    Status::Waiting => view! {
                        <p data-testid="popup-waiting">
                            "Finish signing in in the Intastellar window. This page updates by itself."
                        </p>
                    }
                        .into_any(),
                    Status::Blocked => view! { <Blocked return_to=destination.get_value()/> }.into_any(),
                    Status::Closed => view! {
                        <p class="notice" data-testid="popup-closed">
                            "The sign-in window was closed, or this page can no longer see it. If you finish "
                            "signing in there, this page updates by itself; otherwise you are still signed "
                            "out, and can try again whenever you like."
                        </p>
                    }
                        .into_any(),
                    Status::Failed { code, reference } => view! {
                        <Failed code reference try_again=move |_| open()/>
                    }
                        .into_any(),
                }}
            </div>
        </div>
    }
}

/// The hidden form that posts into the popup, among the server-rendered children.
fn popup_form(forms: &HtmlDivElement) -> Option<HtmlFormElement> {
    let selector = format!("form.{POPUP_FORM}");
    forms.query_selector(&selector).ok().flatten().and_then(|form| form.dyn_into().ok())
}

/// A form's `<input name=…>`.
fn input(form: &HtmlFormElement, name: &str) -> Option<HtmlInputElement> {
    form.get_with_name(name).and_then(|input| input.dyn_into().ok())
}

/// The value of a form's `<input name=…>`, or empty when it has none.
fn field(form: &HtmlFormElement, name: &str) -> String {
    input(form, name).map(|input| input.value()).unwrap_or_default()
}

fn set_field(form: &HtmlFormElement, name: &str, value: &str) {
    if let Some(input) = input(form, name) {
        input.set_value(value);
    }
}

/// A fresh name for this click's attempt: 128 random bits, in hex. The popup's window is
/// named after it, so no other page can guess the name and steer the window, and the popup
/// reports for it, so this page takes no report meant for another click.
fn new_attempt() -> Option<String> {
    let mut bytes = [0u8; 16];
    window().crypto().ok()?.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// The browser refused the window: how to allow it, and the way that needs none.
#[component]
fn Blocked(return_to: String) -> impl IntoView {
    view! {
        <div class="notice" data-testid="popup-blocked">
            <p>
                "Your browser blocked the sign-in window. To use it, allow pop-ups for this site "
                "(most browsers offer this from an icon at the end of the address bar), then try again."
            </p>
            <SignInButton return_to label="Sign in with a redirect instead" test_id="sign-in-redirect-instead"/>
        </div>
    }
}

/// A failure inside the popup, told here in the catalogue's words.
#[component]
fn Failed(
    code: ErrorCode,
    reference: Option<String>,
    try_again: impl FnMut(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    view! {
        <div class="notice" data-testid="popup-failed" data-code=code.as_str()>
            <Failure code reference heading=Heading::H2/>
            <button type="button" class="button primary" data-testid="popup-try-again" on:click=try_again>
                "Try again"
            </button>
        </div>
    }
}

/// Opens the popup named `name`, centred on this window.
fn open_window(name: &str) -> Option<Window> {
    let window = window();
    let pixels = |value: Result<JsValue, JsValue>| value.ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as i32;
    let left = pixels(window.screen_x()) + (pixels(window.outer_width()) - WIDTH).max(0) / 2;
    let top = pixels(window.screen_y()) + (pixels(window.outer_height()) - HEIGHT).max(0) / 2;
    let features = format!("popup,width={WIDTH},height={HEIGHT},left={left},top={top}");
    window.open_with_url_and_target_and_features("", name, &features).ok().flatten()
}

/// Listens for the popup's report for `attempt`, from the popup itself or, when it was cut off
/// from this page, on the site's channel; and notices when it looks closed first.
fn watch_popup(
    popup: Window,
    attempt: String,
    status: RwSignal<Status>,
    watch: StoredValue<Option<SendWrapper<Watch>>>,
    destination: StoredValue<String>,
) -> Watch {
    let finish = move |outcome: PopupOutcome| {
        stop(watch);
        match outcome {
            PopupOutcome::SignedIn => {
                leptos::task::spawn_local(rerender::show(destination.get_value()));
            }
            PopupOutcome::Failed { code, reference } => status.set(Status::Failed { code, reference }),
        }
    };
    let (sender, expected) = (popup.clone(), attempt.clone());
    let message = window_event_listener(leptos::ev::message, move |event: MessageEvent| {
        if !message::is_from(&event, &sender) {
            return;
        }
        let Some(outcome) = message::read_report(&event.data(), &expected) else { return };
        if let Some(origin) = message::own_origin() {
            // The popup closes once it hears this.
            sender.post_message(&message::acknowledgement(), &origin).ok();
        }
        finish(outcome);
    });
    let channel = BroadcastChannel::new(message::CHANNEL).ok();
    if let Some(channel) = &channel {
        // The channel owns the listener: it goes when the channel is closed.
        let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(outcome) = message::read_report(&event.data(), &attempt) {
                finish(outcome);
            }
        });
        channel.set_onmessage(Some(&listener.into_js_value().unchecked_into()));
    }
    let sight = popup.clone();
    let closed = set_interval_with_handle(
        move || {
            if sight.closed().unwrap_or(true) {
                stop_polling(watch);
                status.set(Status::Closed);
            }
        },
        CLOSED_POLL,
    )
    .ok();
    Watch { popup, message, channel, closed }
}

/// Stops watching the popup; returns it.
fn stop(watch: StoredValue<Option<SendWrapper<Watch>>>) -> Option<Window> {
    let Watch { popup, message, channel, closed } =
        watch.try_update_value(Option::take).flatten().map(SendWrapper::take)?;
    message.remove();
    if let Some(channel) = channel {
        channel.close();
    }
    if let Some(closed) = closed {
        closed.clear();
    }
    Some(popup)
}

/// Stops looking whether the popup is closed, and keeps listening for its report.
fn stop_polling(watch: StoredValue<Option<SendWrapper<Watch>>>) {
    let closed = watch.try_update_value(|watch| watch.as_mut().and_then(|watch| watch.closed.take()));
    if let Some(closed) = closed.flatten() {
        closed.clear();
    }
}
