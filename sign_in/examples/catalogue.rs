//! Prints the error catalogue as JSON: every code's action and whether the fault is the
//! site's, keyed by the code. The Playwright suite writes it to `end2end/catalogue.json` before
//! it runs (`end2end/global-setup.ts`); the specs read each code's words, in each language,
//! from `app/locales/<language>.json`, so none of them copies a word.
//!
//! `cargo run --quiet -p sign_in --example catalogue`

use serde_json::{json, Map, Value};
use sign_in::errors::ErrorCode;

fn main() {
    let catalogue: Map<String, Value> = ErrorCode::all()
        .map(|code| {
            let entry = code.entry();
            let facts = json!({ "action": entry.action, "operator_fault": entry.operator_fault });
            (code.as_str().to_owned(), facts)
        })
        .collect();
    println!("{:#}", Value::Object(catalogue));
}
