//! The documentation states every variable as declared: `docs/configuration.md`'s table row
//! for row, and `.env.example` with each setting's default.

use super::*;
use std::collections::HashSet;
use std::path::Path;

/// A file of the repository, by its path from the repository's root.
fn repository_file(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The "Default" column's text.
fn default_cell(default: Unset) -> String {
    match default {
        Unset::Reads(value) => format!("`{value}`"),
        Unset::DevIdpReads(value) => format!("`{value}` with the development IdP"),
        Unset::Means(words) => words.to_owned(),
    }
}

/// The variable's row in `docs/configuration.md`'s table.
fn table_row(variable: &Variable) -> String {
    format!("| `{}` | {} | {} |", variable.name, default_cell(variable.default), variable.meaning)
}

fn is_variable_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[test]
fn names_are_unique_and_every_text_fits_a_table_cell() {
    let mut names = HashSet::new();
    for variable in VARIABLES {
        assert!(names.insert(variable.name), "{} is declared twice", variable.name);
        assert!(is_variable_name(variable.name), "{:?}", variable.name);
        for text in [default_cell(variable.default), variable.meaning.to_owned()] {
            // A `|` would end the cell; two spaces are a line continuation gone wrong.
            assert!(!text.contains(['|', '\n']) && !text.contains("  "), "{}: {text:?}", variable.name);
        }
    }
}

#[test]
fn docs_configuration_table_states_every_variable_as_declared() {
    let doc = repository_file("docs/configuration.md");
    let rows: Vec<&str> = doc.lines().filter(|line| line.starts_with("| `")).collect();
    let expected: Vec<String> = VARIABLES.iter().map(table_row).collect();
    assert!(
        rows == expected,
        "docs/configuration.md's table must list every variable of server/src/config/variables.rs, \
         in its order and as it declares them. Its rows should read:\n\n{}\n",
        expected.join("\n")
    );
}

#[test]
fn env_example_sets_each_setting_once_commented_with_its_default() {
    let example = repository_file(".env.example");
    // `# NAME=value` lines. A copy of the file changes nothing until someone uncomments a line.
    let assignments: Vec<(&str, &str)> = example
        .lines()
        .filter_map(|line| line.strip_prefix("# ").unwrap_or(line).split_once('='))
        .filter(|(name, _)| is_variable_name(name))
        .collect();
    for line in example.lines() {
        let uncommented = line.split_once('=').is_some_and(|(name, _)| is_variable_name(name));
        assert!(!uncommented, ".env.example sets `{line}`: comment it out, or a copy changes a default");
    }
    for (name, _) in &assignments {
        let declared = VARIABLES.iter().find(|variable| variable.name == *name);
        assert!(
            declared.is_some_and(|variable| variable.read_by == ReadBy::Config),
            ".env.example sets {name}, which is not a setting of the site's configuration"
        );
    }
    for variable in VARIABLES {
        let name = variable.name;
        let lines: Vec<&str> =
            assignments.iter().filter(|(assigned, _)| *assigned == name).map(|(_, value)| *value).collect();
        match variable.read_by {
            ReadBy::Config => {
                assert_eq!(lines.len(), 1, ".env.example must set {name} once, commented out");
                if let Unset::Reads(value) = variable.default {
                    let shown = if value.contains(' ') { format!("\"{value}\"") } else { value.to_owned() };
                    let line = format!("# {name}={shown}");
                    assert!(example.lines().any(|l| l == line), ".env.example must say `{line}`");
                }
            }
            // Set elsewhere, or read before `.env` is: named, so nobody looks for them in vain.
            ReadBy::Leptos | ReadBy::Environment => {
                assert!(example.contains(name), ".env.example must name {name}");
            }
            ReadBy::Tests => {}
        }
    }
}
