use crate::components::auth_buttons::SignInButton;
use crate::errors::{is_reference, Action, ErrorCode};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/auth/error?code=…&ref=…`: the catalogue's words for the code, never text from the URL
/// beyond a well-formed reference.
#[component]
pub fn AuthErrorPage() -> impl IntoView {
    let query = use_query_map();
    let code = move || ErrorCode::parse(&query.read().get("code").unwrap_or_default());
    let reference = move || query.read().get("ref").filter(|r| is_reference(r));
    view! {
        {move || {
            let code = code();
            let entry = code.entry();
            view! {
                <Title text=entry.title/>
                <section class="panel narrow error-page" data-code=code.as_str()>
                    <h1 data-testid="error-title">{entry.title}</h1>
                    <p>{entry.what_happened}</p>
                    <p>{entry.what_to_do}</p>
                    {reference().map(|reference| view! {
                        <p class="reference">
                            "Reference: " <code data-testid="error-reference">{reference}</code>
                        </p>
                    })}
                    <div class="actions">
                        {(entry.action != Action::ContactSite).then(|| view! {
                            <SignInButton return_to="/profile".to_owned() label="Try again"/>
                        })}
                        <a href="/" class="button">"Home"</a>
                    </div>
                </section>
            }
        }}
    }
}
