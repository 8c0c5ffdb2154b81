//! "Sign in in a popup": the island on the page that opens the popup.

use super::{message, rerender, PopupOutcome, ATTEMPT, MODE, WINDOW_NAME_PREFIX};
use crate::auth::api::Login;
use crate::components::auth_buttons::SignInButton;
use crate::i18n::td_string;
use crate::locale::use_locale;
use leptos::ev::{MouseEvent, SubmitEvent};
use leptos::html;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{
    BroadcastChannel, Element, HtmlDivElement, HtmlElement, HtmlFormElement, HtmlInputElement, MessageEvent,
    Window,
};
use send_wrapper::SendWrapper;
use sign_in::errors::ErrorCode;
use std::time::Duration;

/// The size of the window Intastellar's SDK opens.
const WIDTH: i32 = 500;
const HEIGHT: i32 = 719;
/// How often the page looks whether the popup was closed: browsers send no event for it.
const CLOSED_POLL: Duration = Duration::from_millis(300);

/// What the popup is doing, as the page tells the person. The server renders each one, in
/// the page's language, among the island's children, hidden; the island shows one at a time,
/// so none of its words ship in the browser bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Waiting,
    /// The browser refused to open the window.
    Blocked,
    /// The person closed the window before the sign-in finished.
    Closed,
    /// The sign-in failed: the catalogue's words for it come from the server ([`super::failure`]).
    Failed,
}

impl Status {
    const ALL: [Self; 4] = [Self::Waiting, Self::Blocked, Self::Closed, Self::Failed];

    /// Its part's `data-popup-status`.
    fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Blocked => "blocked",
            Self::Closed => "closed",
            Self::Failed => "failed",
        }
    }
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
/// The forms and every message render on the server and reach [`PopupOpener`] as its
/// children: the island takes no serialized props, which keeps serde's deserializer out of
/// the browser bundle (see BENCHMARKS.md), and no words, which keeps the catalogue out too;
/// it reads `return_to` from the form when it is posted.
#[component]
pub fn PopupSignIn(return_to: String) -> impl IntoView {
    let locale = use_locale();
    let part = |status: Status| status.as_str();
    view! {
        <PopupOpener>
            <form method="post" action=Login::PATH class=format!("inline-form {START_FORM}")>
                <input type="hidden" name=RETURN_TO value=return_to.clone()/>
                <button type="submit" class="button" data-testid="sign-in-popup">{td_string!(locale, popup.sign_in)}</button>
            </form>
            // What the button posts into the popup once JavaScript has opened it and named
            // the attempt (the window's name, the form's target and its `attempt`).
            <form method="post" action=Login::PATH class=POPUP_FORM hidden>
                <input type="hidden" name=RETURN_TO value=return_to.clone()/>
                <input type="hidden" name="mode" value=MODE/>
                <input type="hidden" name=ATTEMPT/>
            </form>
            <div role="status" aria-live="polite" class="popup-status">
                <p data-popup-status=part(Status::Waiting) data-testid="popup-waiting" hidden>
                    {td_string!(locale, popup.waiting)}
                </p>
                // The browser refused the window: how to allow it, and the way that needs none.
                <div class="notice" data-popup-status=part(Status::Blocked) data-testid="popup-blocked" hidden>
                    <p>{td_string!(locale, popup.blocked)}</p>
                    <SignInButton return_to label=td_string!(locale, popup.redirect_instead) test_id="sign-in-redirect-instead"/>
                </div>
                <p class="notice" data-popup-status=part(Status::Closed) data-testid="popup-closed" hidden>
                    {td_string!(locale, popup.closed)}
                </p>
                // A failure inside the popup, told here in the catalogue's words.
                <div class="notice" data-popup-status=part(Status::Failed) data-testid="popup-failed" hidden>
                    <div class=FAILURE_SLOT></div>
                    <button type="button" class="button primary" data-testid="popup-try-again" data-popup-action=TRY_AGAIN>
                        {td_string!(locale, buttons.try_again)}
                    </button>
                </div>
            </div>
        </PopupOpener>
    }
}

/// The field both forms carry: where the sign-in lands.
const RETURN_TO: &str = "return_to";
/// The class of the form the person posts, which opens the popup.
const START_FORM: &str = "popup-start";
/// The class of the form posted into the popup.
const POPUP_FORM: &str = "popup-form";
/// Where a failure's words go, in its part.
const FAILURE_SLOT: &str = "popup-failure";
/// The `data-popup-action` of the button that opens the popup again after a failure.
const TRY_AGAIN: &str = "try-again";

/// The interactive part of [`PopupSignIn`]: opens the popup, posts the hidden form into it and
/// shows the person how it is going.
#[island]
fn PopupOpener(children: Children) -> impl IntoView {
    crate::hydration::island_rendered();
    let root = NodeRef::<html::Div>::new();
    // Empty on the server, so nothing browser-bound is ever created (or dropped) on one of
    // its threads; in the browser, which has one thread, it holds the open popup's listeners.
    let watch = StoredValue::new(None::<SendWrapper<Watch>>);
    let destination = StoredValue::new(String::new());

    let open = move || {
        // A second click replaces the window of the first.
        if let Some(previous) = stop(watch) {
            previous.close().ok();
        }
        let Some(form) = root.get_untracked().and_then(|root| popup_form(&root)) else { return };
        destination.set_value(field(&form, RETURN_TO));
        let name = new_attempt().map(|attempt| (format!("{WINDOW_NAME_PREFIX}{attempt}"), attempt));
        let Some((popup, attempt)) = name.and_then(|(name, attempt)| {
            let popup = open_window(&name)?;
            form.set_target(&name);
            Some((popup, attempt))
        }) else {
            show(root, Status::Blocked);
            return;
        };
        set_field(&form, ATTEMPT, &attempt);
        // Our own form, posted into the named window: the IdP sees an ordinary sign-in.
        form.submit().ok();
        show(root, Status::Waiting);
        let popup = watch_popup(popup, attempt, root, watch, destination);
        watch.set_value(Some(SendWrapper::new(popup)));
    };
    // Only the person's own click on the popup button is taken over: the popup form is
    // posted by `open`, which fires no submit event, and the redirect offered when the popup
    // is blocked posts as it would without JavaScript.
    let on_submit = move |event: SubmitEvent| {
        if target_matches(&event, &format!("form.{START_FORM}")) {
            event.prevent_default();
            open();
        }
    };
    let on_click = move |event: MouseEvent| {
        if target_matches(&event, &format!("[data-popup-action=\"{TRY_AGAIN}\"]")) {
            open();
        }
    };

    view! {
        <div class="popup-sign-in" node_ref=root on:submit=on_submit on:click=on_click>
            {children()}
        </div>
    }
}

/// Whether `event` happened on (or inside) an element that matches `selector`.
fn target_matches(event: &leptos::web_sys::Event, selector: &str) -> bool {
    let target = event.target().and_then(|target| target.dyn_into::<Element>().ok());
    target.and_then(|target| target.closest(selector).ok().flatten()).is_some()
}

/// Shows `status`'s part, and hides the others.
fn show(root: NodeRef<html::Div>, status: Status) {
    let Some(root) = root.get_untracked() else { return };
    if let Some(region) = root.query_selector(".popup-status").ok().flatten() {
        region.set_attribute("data-showing", status.as_str()).ok();
    }
    for part in Status::ALL {
        let selector = format!("[data-popup-status=\"{}\"]", part.as_str());
        if let Some(element) = root.query_selector(&selector).ok().flatten() {
            element.unchecked_into::<HtmlElement>().set_hidden(part != status);
        }
    }
}

/// Tells a failure in the popup: the catalogue's words for `code`, as the server renders them
/// in this page's language, with the reference; the error page itself if they cannot be had.
fn show_failure(root: NodeRef<html::Div>, code: ErrorCode, reference: Option<String>) {
    let error_page = sign_in::paths::auth_error(code.as_str(), reference.as_deref().unwrap_or_default());
    leptos::task::spawn_local(async move {
        let Some(part) = root
            .get_untracked()
            .and_then(|root| root.query_selector("[data-popup-status=\"failed\"]").ok().flatten())
        else {
            return;
        };
        match super::failure::words(&error_page).await {
            Ok(words) => {
                if let Some(slot) = part.query_selector(&format!(".{FAILURE_SLOT}")).ok().flatten() {
                    slot.set_inner_html(&words);
                }
                part.set_attribute("data-code", code.as_str()).ok();
                show(root, Status::Failed);
            }
            Err(error) => {
                leptos::logging::warn!("could not show the failure here ({error:?}); opening its page");
                window().location().assign(&error_page).ok();
            }
        }
    });
}

/// The hidden form that posts into the popup, among the server-rendered children.
fn popup_form(root: &HtmlDivElement) -> Option<HtmlFormElement> {
    let selector = format!("form.{POPUP_FORM}");
    root.query_selector(&selector).ok().flatten().and_then(|form| form.dyn_into().ok())
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
    root: NodeRef<html::Div>,
    watch: StoredValue<Option<SendWrapper<Watch>>>,
    destination: StoredValue<String>,
) -> Watch {
    let finish = move |outcome: PopupOutcome| {
        stop(watch);
        match outcome {
            PopupOutcome::SignedIn => {
                leptos::task::spawn_local(rerender::show(destination.get_value()));
            }
            PopupOutcome::Failed { code, reference } => show_failure(root, code, reference),
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
                show(root, Status::Closed);
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
