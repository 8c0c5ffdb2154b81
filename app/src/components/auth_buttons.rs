//! The forms that sign in and out. They are real `<form method="post">` elements pointed at
//! the contract's paths, enhanced by Leptos when JavaScript runs.

use crate::auth::api::CHOOSE_ACCOUNT;
use crate::auth::context::use_auth;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// "Sign in with Intastellar", landing on `return_to` afterwards.
#[component]
pub fn SignInButton(
    #[prop(into)] return_to: Signal<String>,
    #[prop(into, default = "Sign in with Intastellar".into())] label: String,
    #[prop(optional)] class: &'static str,
    /// A plain button rather than the primary one, where another action leads.
    #[prop(optional)]
    quiet: bool,
) -> impl IntoView {
    let auth = use_auth();
    let class = if quiet { format!("button {class}") } else { format!("button primary {class}") };
    view! {
        <ActionForm action=auth.login attr:class="inline-form">
            <input type="hidden" name="return_to" value=return_to/>
            <button type="submit" class=class data-testid="sign-in">
                {label}
            </button>
        </ActionForm>
    }
}

/// "Use another account": the IdP lets the person pick an account, even while it remembers
/// someone, so they can switch without signing out there.
#[component]
pub fn UseAnotherAccount(#[prop(into)] return_to: Signal<String>) -> impl IntoView {
    let auth = use_auth();
    view! {
        <div class="choice">
            <ActionForm action=auth.login attr:class="inline-form">
                <input type="hidden" name="return_to" value=return_to/>
                <input type="hidden" name="account" value=CHOOSE_ACCOUNT/>
                <button type="submit" class="button" data-testid="use-another-account">"Use another account"</button>
            </ActionForm>
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
    let auth = use_auth();
    view! {
        <div class="choice">
            <ActionForm action=auth.logout attr:class="inline-form">
                <input type="hidden" name="everywhere" value=everywhere.to_string()/>
                <button type="submit" class="button" data-testid=test_id>{label}</button>
            </ActionForm>
            <p class="hint">{hint}</p>
        </div>
    }
}
