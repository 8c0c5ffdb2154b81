//! Code in the browser only where a page runs some: the hydration scripts (Leptos' island
//! loader and the islands' wasm) go with a page that renders an island, and with no other.
//! Every island says so as it renders ([`island_rendered`]); a page that gains one gets the
//! scripts without a list of pages to keep.

use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Whether the page being rendered holds an island.
#[derive(Clone, Default)]
struct IslandsOnPage(Arc<AtomicBool>);

/// Starts a page's record of its islands: called once, around the whole page. Islands mode
/// hydrates nothing outside an island, so nothing outside one is serialized for hydration
/// either (Leptos' `HydrationScripts` says so as it renders, which here is last).
pub fn provide_islands_on_page() {
    if let Some(shared) = Owner::current_shared_context() {
        shared.set_is_hydrating(false);
    }
    provide_context(IslandsOnPage::default());
}

/// Called by every island as it renders: on the server, its page gets the hydration scripts.
/// (In the browser there is nothing to record.)
pub fn island_rendered() {
    if let Some(islands) = use_context::<IslandsOnPage>() {
        islands.0.store(true, Ordering::Relaxed);
    }
}

/// The end of `<body>`, rendered after the page: with an island, the scripts that wake it (the
/// app marks `<body data-hydrated="true">` once it has); without one, the page is interactive
/// as it is, and says so at once.
#[component]
pub fn HydrationScriptsIfIslands(options: LeptosOptions) -> impl IntoView {
    let islands = use_context::<IslandsOnPage>().unwrap_or_default();
    view! {
        <Suspense>
            {move || {
                let (islands, options) = (islands.clone(), options.clone());
                Suspend::new(async move {
                    // In-order rendering takes this after everything before it, the pages'
                    // own suspended parts too, once their islands have rendered: yielding once
                    // keeps it from being rendered early, synchronously, with the rest of the
                    // shell.
                    leptos::task::tick().await;
                    if islands.0.load(Ordering::Relaxed) {
                        view! { <HydrationScripts options islands=true/> }.into_any()
                    } else {
                        view! { <leptos_meta::Body {..} data-hydrated="true"/> }.into_any()
                    }
                })
            }}
        </Suspense>
    }
}
