//! A failure in the popup, told on the page that opened it in the server's words: the
//! catalogue is the server's, in every language, and none of it ships to the browser. The
//! opener reads the failure from its error page, as the person would see it there.

use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{DomParser, Response, SupportedType};
use wasm_bindgen_futures::JsFuture;

/// The failure's title, what happened, what to do and its reference, from `error_page` (its
/// `/auth/error?code=…&ref=…`), as markup for inside this page: the title one level down,
/// under the page's own heading.
pub async fn words(error_page: &str) -> Result<String, JsValue> {
    let response: Response = JsFuture::from(window().fetch_with_str(error_page)).await?.dyn_into()?;
    if !response.ok() {
        return Err(JsValue::from(response.status()));
    }
    let html = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
    let page = DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)?;
    let failure =
        page.query_selector(".failure")?.ok_or_else(|| JsValue::from_str("no failure on the page"))?;
    Ok(failure.inner_html().replacen("<h1", "<h2", 1).replacen("</h1>", "</h2>", 1))
}
