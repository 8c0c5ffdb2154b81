use super::auth_buttons::SignInButton;
use crate::app::AuthContext;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The bar on every page: who is signed in, or a way to sign in.
#[component]
pub fn Header() -> impl IntoView {
    let auth = expect_context::<AuthContext>();
    let location = use_location();
    // Signing in from the header comes back to the page you were on, unless that page is
    // itself about signing in or out.
    let here = Signal::derive(move || {
        let path = location.pathname.get();
        match path.as_str() {
            "/sign-in" | "/signed-out" => "/profile".to_owned(),
            _ if path.starts_with("/auth/") => "/profile".to_owned(),
            _ => path,
        }
    });
    view! {
        <header class="site-header">
            <a href="/" class="brand">
                <span class="logo" aria-hidden="true">"✦"</span>
                " Intastellar sign-in demo"
            </a>
            <nav class="who">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match auth.user.await {
                            Ok(Some(user)) => {
                                view! {
                                    <a href="/profile" class="whoami" data-testid="whoami">
                                        {user.display_name().to_owned()}
                                    </a>
                                }
                                    .into_any()
                            }
                            _ => view! { <SignInButton return_to=here label="Sign in"/> }.into_any(),
                        }
                    })}
                </Transition>
            </nav>
        </header>
    }
}
