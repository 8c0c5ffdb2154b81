//! Code in the browser only on pages that run some: a page with an island names the
//! hydration scripts (and the wasm), a page without one names no script at all and comes
//! marked interactive, as its forms and links work as they are.

use crate::helpers::{spawn_app_with, Backend, TestApp};
use reqwest::StatusCode;

/// What the rendered HTML of `path` holds.
struct Page {
    path: String,
    html: String,
}

impl Page {
    async fn load(app: &TestApp, path: &str) -> Self {
        let (status, html) = app.body(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {html}");
        Self { path: path.to_owned(), html }
    }

    fn has_island(&self) -> bool {
        self.html.contains("<leptos-island")
    }

    /// Leptos follows every server-rendered page with two inline scripts of its own that set
    /// empty lists (the data of resources read inside islands, of which there are none); they
    /// name nothing to load. Anything else counts: a script file, the module loader, the wasm.
    fn names_a_script(&self) -> bool {
        let leptos_data = ["<script nonce=", "__RESOLVED_RESOURCES=[];", "__INCOMPLETE_CHUNKS=[];"];
        let scripts = self.html.matches("<script").count();
        let data_only = self.html.matches(leptos_data[0]).count() == scripts
            && scripts == 2
            && leptos_data[1..].iter().all(|data| self.html.contains(data));
        !data_only
            || [".js", ".wasm", "modulepreload", "type=\"module\""]
                .iter()
                .any(|file| self.html.contains(file))
    }

    fn marked_interactive(&self) -> bool {
        self.html.contains("<body data-hydrated=\"true\"")
    }

    /// The scripts come with an island and only with one; a page without is interactive as
    /// it is served.
    fn assert_scripts_follow_islands(&self) {
        let path = &self.path;
        assert_eq!(
            self.names_a_script(),
            self.has_island(),
            "{path}: scripts only with an island: {}",
            self.html
        );
        assert_eq!(
            self.marked_interactive(),
            !self.has_island(),
            "{path}: marked interactive unless it hydrates"
        );
    }
}

#[tokio::test]
async fn only_pages_with_an_island_name_the_hydration_scripts() {
    let team = vec![("TEAM_EMAILS", "ada@example.com".to_owned())];
    let app = spawn_app_with(Backend::Sqlite, team, Box::new(|_| {})).await;

    // Signed out, the sign-in choices carry the popup button, an island.
    let mut with_island = Vec::new();
    for path in ["/", "/sign-in"] {
        with_island.push(Page::load(&app, path).await);
    }
    let mut without = Vec::new();
    for path in ["/signed-out", "/auth/error?code=access_denied&ref=ABCD2345", "/troubleshooting"] {
        without.push(Page::load(&app, path).await);
    }
    assert_eq!(app.sign_in("ada").await, "/profile");
    for path in ["/", "/profile", "/team/errors"] {
        without.push(Page::load(&app, path).await);
    }

    for page in &with_island {
        assert!(page.has_island() && page.names_a_script(), "{}: the popup button hydrates", page.path);
    }
    for page in &without {
        assert!(!page.has_island() && !page.names_a_script(), "{}: no script: {}", page.path, page.html);
    }
    for page in with_island.iter().chain(&without) {
        page.assert_scripts_follow_islands();
    }
}
