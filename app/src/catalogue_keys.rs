//! The catalogue's keys, checked across every language: each file has every key English has
//! and no other, and each key is used somewhere. The build already fails on a key the code
//! uses that English lacks; this catches the rest (a language that falls back to English
//! without anyone noticing, a key left behind when its text went).

use leptos_i18n::Locale as _;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const LOCALES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
/// Where the keys are used: the app, and the server's own pages.
const SOURCES: [&str; 2] =
    [concat!(env!("CARGO_MANIFEST_DIR"), "/src"), concat!(env!("CARGO_MANIFEST_DIR"), "/../server/src")];

/// Every key of a catalogue file, dotted (`home.heading`).
fn keys(path: &Path) -> BTreeSet<String> {
    fn walk(prefix: &str, value: &Value, keys: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (name, value) in map {
                    let key = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
                    walk(&key, value, keys);
                }
            }
            _ => {
                keys.insert(prefix.to_owned());
            }
        }
    }
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let json: Value =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut found = BTreeSet::new();
    walk("", &json, &mut found);
    found
}

/// Every language's file, by language.
fn files() -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(LOCALES)
        .expect("app/locales")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let language = path.file_stem()?.to_str()?.to_owned();
            (path.extension()? == "json").then_some((language, path))
        })
        .collect();
    files.sort();
    files
}

fn sources() -> String {
    fn read(dir: &Path, text: &mut String) {
        for entry in std::fs::read_dir(dir).expect("a source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                read(&path, text);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                text.push_str(&std::fs::read_to_string(&path).expect("a source file"));
            }
        }
    }
    let mut text = String::new();
    for dir in SOURCES {
        read(Path::new(dir), &mut text);
    }
    text
}

/// Whether `key` appears in `text` as a whole key (`profile.email` is not `profile.email_verified`).
fn names(text: &str, key: &str) -> bool {
    let part_of_a_key = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    text.match_indices(key).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + key.len()..].chars().next();
        !before.is_some_and(part_of_a_key) && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Whether the code uses `key`. The failures' words (`errors.<code>.<field>`) are read through
/// one exhaustive `match` on the code (`components::failure::Words::of`), with a line
/// `words!(<code>)` per code and the fields named once in the macro.
fn is_used(sources: &str, key: &str) -> bool {
    match key.split('.').collect::<Vec<_>>()[..] {
        ["errors", code, field] => {
            sources.contains(&format!("words!({code})")) && sources.contains(&format!("errors.$code.{field}"))
        }
        _ => names(sources, key),
    }
}

#[test]
fn every_language_has_every_key_of_english_and_no_other() {
    let files = files();
    let english = keys(&files.iter().find(|(language, _)| language == "en").expect("app/locales/en.json").1);
    assert!(english.len() > 50, "the catalogue is read: {english:?}");
    let mut problems = Vec::new();
    for (language, path) in &files {
        let found = keys(path);
        for missing in english.difference(&found) {
            problems.push(format!("{language}.json lacks {missing}"));
        }
        for extra in found.difference(&english) {
            problems.push(format!("{language}.json has {extra}, which en.json does not"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_language_file_is_a_language_of_the_site() {
    let languages: Vec<String> = files().into_iter().map(|(language, _)| language).collect();
    let mut compiled: Vec<String> =
        crate::i18n::Locale::get_all().iter().map(|locale| locale.as_str().to_owned()).collect();
    compiled.sort();
    assert_eq!(languages, compiled, "one file per language in build.rs's list, and one language per file");
}

#[test]
fn every_key_is_used() {
    let sources = sources();
    let unused: Vec<String> =
        keys(&Path::new(LOCALES).join("en.json")).into_iter().filter(|key| !is_used(&sources, key)).collect();
    assert!(unused.is_empty(), "keys no source file uses:\n{}", unused.join("\n"));
}

#[test]
fn a_key_counts_only_where_it_is_named_whole() {
    assert!(names("td_string!(locale, profile.email)", "profile.email"));
    assert!(!names("td_string!(locale, profile.email_verified)", "profile.email"));
    assert!(!names("td_string!(locale, my.profile.email)", "profile.email"));
    assert!(is_used("words!(access_denied) errors.$code.title", "errors.access_denied.title"));
    assert!(!is_used("words!(access_denied) errors.$code.title", "errors.access_denied.what_to_do"));
}
