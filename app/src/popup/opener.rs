//! "Sign in in a popup": the island on the page that opens the popup.

use super::{message, rerender, PopupOutcome, MODE, WINDOW_NAME};
use crate::auth::api::Login;
use crate::components::auth_buttons::SignInButton;
use crate::components::failure::{Failure, Heading};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{HtmlDivElement, HtmlFormElement, HtmlInputElement, MessageEvent, Window};
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

/// The popup's listeners, while one is open.
struct Watch {
    message: WindowListenerHandle,
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
            // What the button posts into the popup once JavaScript has opened it.
            <form method="post" action=Login::PATH target=WINDOW_NAME hidden>
                <input type="hidden" name=RETURN_TO value=return_to/>
                <input type="hidden" name="mode" value=MODE/>
            </form>
        </PopupOpener>
    }
}

/// The field both forms carry: where the sign-in lands.
const RETURN_TO: &str = "return_to";

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
        stop(watch);
        let Some(form) = forms.get_untracked().and_then(|forms| popup_form(&forms)) else { return };
        destination.set_value(field(&form, RETURN_TO));
        let Some(popup) = open_window() else {
            status.set(Status::Blocked);
            return;
        };
        // Our own form, posted into the named window: the IdP sees an ordinary sign-in.
        form.submit().ok();
        status.set(Status::Waiting);
        watch.set_value(Some(SendWrapper::new(watch_popup(popup, status, watch, destination))));
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
                            "The sign-in window was closed before you finished, so you are still signed out. "
                            "Try again whenever you like."
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
    let selector = format!("form[target=\"{WINDOW_NAME}\"]");
    forms.query_selector(&selector).ok().flatten().and_then(|form| form.dyn_into().ok())
}

/// The value of a form's `<input name=…>`, or empty when it has none.
fn field(form: &HtmlFormElement, name: &str) -> String {
    form.get_with_name(name)
        .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
        .unwrap_or_default()
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

/// Opens (or reuses) the named popup, centred on this window.
fn open_window() -> Option<Window> {
    let window = window();
    let pixels = |value: Result<JsValue, JsValue>| value.ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as i32;
    let left = pixels(window.screen_x()) + (pixels(window.outer_width()) - WIDTH).max(0) / 2;
    let top = pixels(window.screen_y()) + (pixels(window.outer_height()) - HEIGHT).max(0) / 2;
    let features = format!("popup,width={WIDTH},height={HEIGHT},left={left},top={top}");
    window.open_with_url_and_target_and_features("", WINDOW_NAME, &features).ok().flatten()
}

/// Listens for the popup's report, and notices when it is closed first.
fn watch_popup(
    popup: Window,
    status: RwSignal<Status>,
    watch: StoredValue<Option<SendWrapper<Watch>>>,
    destination: StoredValue<String>,
) -> Watch {
    let sender = popup.clone();
    let message = window_event_listener(leptos::ev::message, move |event: MessageEvent| {
        if !message::is_from(&event, &sender) {
            return;
        }
        let Some(outcome) = message::read_report(&event.data()) else { return };
        if let Some(origin) = message::own_origin() {
            // The popup closes once it hears this.
            sender.post_message(&message::acknowledgement(), &origin).ok();
        }
        stop(watch);
        match outcome {
            PopupOutcome::SignedIn => {
                leptos::task::spawn_local(rerender::show(destination.get_value()));
            }
            PopupOutcome::Failed { code, reference } => status.set(Status::Failed { code, reference }),
        }
    });
    let closed = set_interval_with_handle(
        move || {
            if popup.closed().unwrap_or(true) {
                stop(watch);
                status.set(Status::Closed);
            }
        },
        CLOSED_POLL,
    )
    .ok();
    Watch { message, closed }
}

fn stop(watch: StoredValue<Option<SendWrapper<Watch>>>) {
    if let Some(Watch { message, closed }) =
        watch.try_update_value(Option::take).flatten().map(SendWrapper::take)
    {
        message.remove();
        if let Some(closed) = closed {
            closed.clear();
        }
    }
}
