//! The files under the site root (the wasm bundle, its JavaScript, the stylesheet, the
//! favicon): which ones there are, what the hashed ones are called, and how long a browser
//! may keep each.
//!
//! Release builds (`scripts/site release`, or `cargo leptos build --release --precompress`),
//! served with `LEPTOS_HASH_FILES=true`: the bundle and stylesheet get content hashes in their
//! names (listed in the hash file next to the server binary, which Leptos reads too) and every
//! file gets `.br` and `.gz` siblings, which [`SiteFiles::serve`] sends to browsers that accept
//! them.

use axum::http::HeaderValue;
use leptos::config::LeptosOptions;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

/// A year, and never revalidated: the name changes whenever the content does.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Files whose name stays the same across releases, such as the favicon.
const SHORT: &str = "public, max-age=3600";
/// The bundle without hashes (`cargo leptos watch`): kept, but checked on every use, so a
/// rebuild is picked up at once.
const REVALIDATE: &str = "no-cache";

/// `LEPTOS_HASH_FILES=true` without the build's hash file beside the server binary.
#[derive(Debug, thiserror::Error)]
#[error(
    "LEPTOS_HASH_FILES is true but {} cannot be read ({source}): copy it from the build beside the server binary",
    path.display()
)]
pub struct HashFileError {
    path: PathBuf,
    source: std::io::Error,
}

#[derive(Clone, Debug)]
pub struct SiteFiles {
    root: PathBuf,
    /// The folder of the bundle, as a path prefix: `/pkg/`.
    pkg_prefix: String,
    /// Every file under the root at start-up, as a browser asks for it (`/favicon.svg`).
    files: HashSet<String>,
    /// The files whose names carry their content's hash.
    hashed: HashSet<String>,
    stylesheet: String,
}

impl SiteFiles {
    /// The site as `options` describe it, with the names in the hash file next to the server
    /// binary when hashing is on (where Leptos' `HydrationScripts` reads them as well). An
    /// unreadable hash file stops the start: Leptos would otherwise panic on every page.
    pub fn new(options: &LeptosOptions) -> Result<Self, HashFileError> {
        let hashes = if options.hash_files {
            let path = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)))
                .unwrap_or_else(|| PathBuf::from(&*options.hash_file));
            Some(std::fs::read_to_string(&path).map_err(|source| HashFileError { path, source })?)
        } else {
            None
        };
        Ok(Self::with_hashes(options, hashes.as_deref()))
    }

    /// As [`Self::new`], with the hash file's contents given (lines such as `wasm: <hash>`).
    pub fn with_hashes(options: &LeptosOptions, hashes: Option<&str>) -> Self {
        let root = PathBuf::from(&*options.site_root);
        let pkg_prefix = format!("/{}/", options.site_pkg_dir);
        let hash_of = |extension: &str| {
            hashes?.lines().find_map(|line| {
                let (name, hash) = line.split_once(':')?;
                (name.trim() == extension).then(|| hash.trim().to_owned())
            })
        };
        let name = |extension: &str| match hash_of(extension) {
            Some(hash) => format!("{pkg_prefix}{}.{hash}.{extension}", options.output_name),
            None => format!("{pkg_prefix}{}.{extension}", options.output_name),
        };
        let hashed = ["js", "wasm", "css"]
            .into_iter()
            .filter(|extension| hash_of(extension).is_some())
            .map(name)
            .collect();
        let stylesheet = name("css");
        Self { files: files_under(&root), root, pkg_prefix, hashed, stylesheet }
    }

    /// The stylesheet's URL path, for pages rendered outside the Leptos app.
    pub fn stylesheet(&self) -> &str {
        &self.stylesheet
    }

    /// The `Cache-Control` for a static file, or `None` when `path` is not one (a page, whose
    /// content depends on the session).
    pub fn cache_control(&self, path: &str) -> Option<HeaderValue> {
        if !self.files.contains(path) {
            return None;
        }
        let policy = if self.hashed.contains(path) {
            IMMUTABLE
        } else if path.starts_with(&self.pkg_prefix) {
            REVALIDATE
        } else {
            SHORT
        };
        Some(HeaderValue::from_static(policy))
    }

    /// Serves the files, each as its `.br` or `.gz` sibling when there is one and the browser
    /// accepts it, so nothing is compressed per request; anything else goes to `not_found`.
    pub fn serve<F>(&self, not_found: F) -> ServeDir<F> {
        ServeDir::new(&self.root).precompressed_br().precompressed_gzip().fallback(not_found)
    }
}

/// Every file under `root`, as the path a browser asks for it by (`/pkg/app.css`).
fn files_under(root: &Path) -> HashSet<String> {
    let mut files = HashSet::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                let parts: Vec<_> = relative.iter().map(|part| part.to_string_lossy()).collect();
                files.insert(format!("/{}", parts.join("/")));
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[&str]) -> (tempfile::TempDir, LeptosOptions) {
        let root = tempfile::tempdir().unwrap();
        for file in files {
            let path = root.path().join(file.trim_start_matches('/'));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let options = LeptosOptions::builder()
            .output_name("site")
            .site_root(root.path().to_string_lossy().into_owned())
            .build();
        (root, options)
    }

    #[test]
    fn static_files_are_found_in_subfolders() {
        let (root, options) = site(&["/pkg/site.css", "/favicon.svg"]);
        let files = SiteFiles::with_hashes(&options, None);
        assert_eq!(files.files, HashSet::from(["/pkg/site.css".to_owned(), "/favicon.svg".to_owned()]));
        assert!(files_under(&root.path().join("missing")).is_empty());
    }

    #[test]
    fn hashing_without_its_hash_file_stops_the_start() {
        let options = LeptosOptions::builder()
            .output_name("site")
            .hash_files(true)
            .hash_file(std::sync::Arc::from("no-such-hash-file.txt"))
            .build();
        let error = SiteFiles::new(&options).unwrap_err().to_string();
        assert!(
            error.starts_with("LEPTOS_HASH_FILES is true but ") && error.contains("no-such-hash-file.txt"),
            "{error}"
        );
    }

    #[test]
    fn only_hashed_names_are_immutable() {
        let hashed = ["/pkg/site.AAA.js", "/pkg/site.BBB.wasm", "/pkg/site.CCC.css"];
        let (_root, options) = site(&[&hashed[..], &["/pkg/site.js", "/favicon.svg"]].concat());
        let files = SiteFiles::with_hashes(&options, Some("js: AAA\nwasm: BBB\ncss: CCC\n"));
        for path in hashed {
            assert_eq!(files.cache_control(path).unwrap(), IMMUTABLE, "{path}");
        }
        assert_eq!(files.cache_control("/pkg/site.js").unwrap(), REVALIDATE);
        assert_eq!(files.cache_control("/favicon.svg").unwrap(), SHORT);
        assert_eq!(files.cache_control("/profile"), None, "pages are not static files");
        assert_eq!(files.stylesheet(), "/pkg/site.CCC.css");
    }

    #[test]
    fn without_hashes_the_stylesheet_keeps_its_plain_name() {
        let (_root, options) = site(&["/pkg/site.css"]);
        let files = SiteFiles::with_hashes(&options, None);
        assert_eq!(files.stylesheet(), "/pkg/site.css");
        assert_eq!(files.cache_control("/pkg/site.css").unwrap(), REVALIDATE);
    }
}
