//! Prints the error catalogue as JSON: every code's entry, keyed by the code. The Playwright
//! suite writes it to `end2end/catalogue.json` before it runs (`end2end/global-setup.ts`), so
//! the specs read the catalogue's words instead of copying them.
//!
//! `cargo run --quiet -p sign_in --example catalogue`

use serde_json::{json, Map, Value};
use sign_in::errors::ErrorCode;

fn main() {
    let catalogue: Map<String, Value> = ErrorCode::all()
        .map(|code| {
            let entry = code.entry();
            let words = json!({
                "title": entry.title,
                "what_happened": entry.what_happened,
                "what_to_do": entry.what_to_do,
                "action": entry.action,
                "operator_fault": entry.operator_fault,
            });
            (code.as_str().to_owned(), words)
        })
        .collect();
    println!("{:#}", Value::Object(catalogue));
}
