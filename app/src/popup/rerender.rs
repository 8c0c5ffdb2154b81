//! After a popup sign-in, the opening page is rendered again by the server and swapped in:
//! the header, the page and everything that depends on the user change at once, with no
//! reload (the page keeps its JavaScript state) and no flash of the signed-out page.
//!
//! Leptos' islands router would do this for links, but it also takes over every form post
//! and fetches it, which cannot follow our sign-in forms' redirects to the IdP.

use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{DomParser, HtmlElement, Response, SupportedType};
use wasm_bindgen_futures::JsFuture;

/// Shows `destination` (a path on this site) in place of the current page; loads it the
/// ordinary way if that fails.
pub async fn show(destination: String) {
    if let Err(error) = swap_in(&destination).await {
        leptos::logging::warn!("could not update the page in place ({error:?}); loading it instead");
        window().location().assign(&destination).ok();
    }
}

async fn swap_in(destination: &str) -> Result<(), JsValue> {
    let window = window();
    let response: Response = JsFuture::from(window.fetch_with_str(destination)).await?.dyn_into()?;
    if !response.ok() {
        return Err(JsValue::from(response.status()));
    }
    let html = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
    let page = DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)?;
    let (Some(body), Some(new_body)) = (document().body(), page.body()) else {
        return Err(JsValue::from_str("a page without a body"));
    };
    document().set_title(&page.title());
    body.set_inner_html(&new_body.inner_html());
    // Where the server's redirects (if any) ended is now the page's address.
    if response.url() != window.location().href()? {
        window.history()?.push_state_with_url(&JsValue::NULL, "", Some(&response.url()))?;
    }
    hydrate_islands(&body)?;
    focus_heading(&body);
    Ok(())
}

/// Wakes the new page's islands with the function Leptos' island script leaves on `window`.
fn hydrate_islands(body: &HtmlElement) -> Result<(), JsValue> {
    let hydrate: js_sys::Function = js_sys::Reflect::get(&window(), &"__hydrateIsland".into())?.dyn_into()?;
    let islands = body.query_selector_all("leptos-island")?;
    for index in 0..islands.length() {
        let Some(island) =
            islands.item(index).and_then(|node| node.dyn_into::<leptos::web_sys::Element>().ok())
        else {
            continue;
        };
        let component = island.get_attribute("data-component").unwrap_or_default();
        hydrate.call2(&JsValue::NULL, &island, &component.into())?;
    }
    Ok(())
}

/// Moves focus to the new page's heading, as a page load would start a screen reader there.
fn focus_heading(body: &HtmlElement) {
    let heading =
        body.query_selector("main h1").ok().flatten().and_then(|h| h.dyn_into::<HtmlElement>().ok());
    if let Some(heading) = heading {
        heading.set_tab_index(-1);
        heading.focus().ok();
    }
}
