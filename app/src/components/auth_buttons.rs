//! The forms that sign in and out: plain `<form method="post">` elements pointed at the
//! contract's paths, which need no JavaScript. (The popup sign-in, which does, is in `popup`.)

use crate::auth::api::{Login, Logout, CHOOSE_ACCOUNT};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// "Sign in with Intastellar", landing on `return_to` afterwards.
#[component]
pub fn SignInButton(
    #[prop(into)] return_to: String,
    #[prop(into, default = "Sign in with Intastellar".into())] label: String,
    #[prop(optional)] class: &'static str,
    /// A plain button rather than the primary one, where another action leads.
    #[prop(optional)]
    quiet: bool,
    /// How end-to-end tests find the button, where a page has more than one.
    #[prop(default = "sign-in")]
    test_id: &'static str,
) -> impl IntoView {
    let class = if quiet { format!("button {class}") } else { format!("button primary {class}") };
    view! {
        <form method="post" action=Login::PATH class="inline-form">
            <input type="hidden" name="return_to" value=return_to/>
            <button type="submit" class=class data-testid=test_id>
                {label}
            </button>
        </form>
    }
}

/// "Use another account": the IdP lets the person pick an account, even while it remembers
/// someone, so they can switch without signing out there.
#[component]
pub fn UseAnotherAccount(#[prop(into)] return_to: String) -> impl IntoView {
    view! {
        <div class="choice">
            <form method="post" action=Login::PATH class="inline-form">
                <input type="hidden" name="return_to" value=return_to/>
                <input type="hidden" name="account" value=CHOOSE_ACCOUNT/>
                <button type="submit" class="button" data-testid="use-another-account">"Use another account"</button>
            </form>
            <p class="hint">"Intastellar lets you pick which account to continue with."</p>
        </div>
    }
}

/// The two ways to sign out, each with one sentence on what it does.
#[component]
pub fn SignOutButtons() -> impl IntoView {
    view! {
        <div class="sign-out-choices">
            <SignOutChoice
                everywhere=false
                label="Sign out of this site"
                test_id="sign-out-here"
                hint="Ends your session here only. Intastellar still remembers you, so the next sign-in is one click with no questions."
            />
            <SignOutChoice
                everywhere=true
                label="Sign out of Intastellar too"
                test_id="sign-out-everywhere"
                hint="Also ends your Intastellar session, so the next sign-in asks who you are again. Best on a shared computer."
            />
        </div>
    }
}

#[component]
fn SignOutChoice(
    everywhere: bool,
    label: &'static str,
    hint: &'static str,
    test_id: &'static str,
) -> impl IntoView {
    view! {
        <div class="choice">
            <form method="post" action=Logout::PATH class="inline-form">
                <input type="hidden" name="everywhere" value=everywhere.to_string()/>
                <button type="submit" class="button" data-testid=test_id>{label}</button>
            </form>
            <p class="hint">{hint}</p>
        </div>
    }
}
