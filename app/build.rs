//! Compiles the catalogue, `locales/<language>.json`, into the `i18n` module (`crate::i18n`):
//! a `Locale` enum with one variant per language, and a function per key. A key or an
//! interpolation that is missing from English, or misspelt in the code, fails the build.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

/// English first: the default, and the fallback for a key another language lacks. Everything
/// else (negotiation, the switcher, `hreflang`, `ui_locales`, the tests) reads the list from
/// the generated `Locale` enum. Adding a language is its file and one entry here.
const LANGUAGES: [&str; 6] = ["en", "da", "de", "fr", "nl", "pt"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let [default, others @ ..] = LANGUAGES;
    // Interpolated values in plain strings too (`td_string!`), for titles and attributes.
    let options = ParseOptions::new().interpolate_display(true);
    let config =
        others.iter().try_fold(Config::new(default)?.parse_options(options), |config, language| {
            config.add_locale(language)
        })?;
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR for build scripts")?);
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}
