//! The forms that sign in and out: plain `<form method="post">` elements pointed at the
//! contract's paths, which need no JavaScript. (The popup sign-in, which does, is in `popup`.)

use crate::auth::api::{Login, Logout, CHOOSE_ACCOUNT};
use crate::i18n::td_string;
use crate::locale::use_locale;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// "Sign in with Intastellar" (or `label`), landing on `return_to` afterwards.
#[component]
pub fn SignInButton(
    #[prop(into)] return_to: String,
    #[prop(into, optional)] label: Option<String>,
    #[prop(optional)] class: &'static str,
    /// A plain button rather than the primary one, where another action leads.
    #[prop(optional)]
    quiet: bool,
    /// How end-to-end tests find the button, where a page has more than one.
    #[prop(default = "sign-in")]
    test_id: &'static str,
) -> impl IntoView {
    let class = if quiet { format!("button {class}") } else { format!("button primary {class}") };
    let label = label.unwrap_or_else(|| td_string!(use_locale(), buttons.sign_in).to_owned());
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
    let locale = use_locale();
    view! {
        <div class="choice">
            <form method="post" action=Login::PATH class="inline-form">
                <input type="hidden" name="return_to" value=return_to/>
                <input type="hidden" name="account" value=CHOOSE_ACCOUNT/>
                <button type="submit" class="button" data-testid="use-another-account">
                    {td_string!(locale, buttons.use_another_account)}
                </button>
            </form>
            <p class="hint">{td_string!(locale, buttons.use_another_account_hint)}</p>
        </div>
    }
}

/// The two ways to sign out, each with one sentence on what it does.
#[component]
pub fn SignOutButtons() -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="sign-out-choices">
            <SignOutChoice
                everywhere=false
                label=td_string!(locale, buttons.sign_out_here)
                test_id="sign-out-here"
                hint=td_string!(locale, buttons.sign_out_here_hint)
            />
            <SignOutChoice
                everywhere=true
                label=td_string!(locale, buttons.sign_out_everywhere)
                test_id="sign-out-everywhere"
                hint=td_string!(locale, buttons.sign_out_everywhere_hint)
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
