use crate::auth::api::{current_user, Login, Logout};
use crate::auth::User;
use crate::components::header::Header;
use crate::errors::AppError;
use crate::pages::{
    auth_error::AuthErrorPage, home::HomePage, not_found::NotFound, profile::ProfilePage,
    sign_in::SignInPage, signed_out::SignedOutPage, team_errors::TeamErrorsPage,
    troubleshooting::TroubleshootingPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Who is signed in, and the actions that change it. Provided once, read by every page.
#[derive(Clone, Copy)]
pub struct AuthContext {
    pub user: Resource<Result<Option<User>, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    // Refetched after every sign-out, so the header changes without a reload.
    let user = Resource::new(move || logout.version().get(), |_| current_user());
    provide_context(AuthContext { user, login, logout });

    // A sign for end-to-end tests (and curious developers) that the page is interactive.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    // Every page waits for the session before it streams, so each one is complete HTML:
    // it works without JavaScript, and `/profile` can redirect before anything is sent.
    view! {
        <Stylesheet id="leptos" href="/pkg/intastellar-leptos.css"/>
        <Title formatter=|text| format!("{text} · Intastellar sign-in demo")/>
        <Router>
            <Header/>
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/signed-out") view=SignedOutPage ssr=SsrMode::Async/>
                    <Route path=path!("/auth/error") view=AuthErrorPage ssr=SsrMode::Async/>
                    <Route path=path!("/troubleshooting") view=TroubleshootingPage/>
                    <Route path=path!("/team/errors") view=TeamErrorsPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                "A reference Leptos app for signing in with Intastellar Accounts (OpenID Connect)."
            </footer>
        </Router>
    }
}
