//! On the wire: pages compressed per request, the site's files sent as their precompressed
//! siblings, and only the files with a content hash in their names kept by browsers for good.

use crate::helpers::{spawn_app_serving, Backend, TestApp};
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use reqwest::{Response, StatusCode};
use std::io::{Read, Write};
use std::path::Path;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The hashed files of a release build: (path, content type).
const HASHED: [(&str, &str); 3] = [
    ("/pkg/intastellar-leptos.Js0000000000000000000A.js", "text/javascript"),
    ("/pkg/intastellar-leptos.Wasm00000000000000000A.wasm", "application/wasm"),
    ("/pkg/intastellar-leptos.Css000000000000000000A.css", "text/css"),
];
const HASH_FILE: &str =
    "js: Js0000000000000000000A\nwasm: Wasm00000000000000000A\ncss: Css000000000000000000A\n";

/// A site root laid out as a release build (`scripts/site release`) leaves it: each file with
/// `.br` and `.gz` siblings, and the hash file.
fn release_site(root: &Path) {
    let files = HASHED.iter().map(|(path, _)| *path).chain(["/favicon.svg"]);
    for path in files {
        let file = root.join(path.trim_start_matches('/'));
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("create the folder");
        let content = format!("/* {path} */ {}", "content that compresses well ".repeat(40));
        std::fs::write(&file, &content).expect("write the file");
        let mut brotli = brotli::CompressorWriter::new(Vec::new(), 4096, 5, 22);
        brotli.write_all(content.as_bytes()).expect("brotli");
        std::fs::write(format!("{}.br", file.display()), brotli.into_inner()).expect("write .br");
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gzip.write_all(content.as_bytes()).expect("gzip");
        std::fs::write(format!("{}.gz", file.display()), gzip.finish().expect("gzip")).expect("write .gz");
    }
    std::fs::write(root.join("hash.txt"), HASH_FILE).expect("write the hash file");
}

async fn release_app(backend: Backend) -> (TestApp, tempfile::TempDir) {
    let site = tempfile::tempdir().expect("site root");
    release_site(site.path());
    let root = site.path().to_string_lossy().into_owned();
    let app = spawn_app_serving(
        backend,
        Box::new(move |options| {
            // An absolute hash file name is read from there (Leptos joins it to the binary's folder).
            options.hash_file = format!("{root}/hash.txt").into();
            options.hash_files = true;
            options.site_root = root.into();
        }),
    )
    .await;
    (app, site)
}

async fn fetch(app: &TestApp, path: &str, accept_encoding: Option<&str>) -> Response {
    let mut request = app.client.get(app.url(path));
    if let Some(encodings) = accept_encoding {
        request = request.header(ACCEPT_ENCODING, encodings);
    }
    let response = request.send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response
}

fn header<'a>(response: &'a Response, name: &reqwest::header::HeaderName) -> Option<&'a str> {
    response.headers().get(name).and_then(|value| value.to_str().ok())
}

/// The body as the browser reads it, after undoing the `Content-Encoding` the response names.
async fn decoded(response: Response) -> String {
    let encoding = header(&response, &CONTENT_ENCODING).map(str::to_owned);
    let bytes = response.bytes().await.expect("body");
    let mut text = String::new();
    match encoding.as_deref() {
        Some("br") => brotli::Decompressor::new(&bytes[..], 4096).read_to_string(&mut text),
        Some("gzip") => flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text),
        None => Read::read_to_string(&mut &bytes[..], &mut text),
        Some(other) => panic!("unexpected encoding {other}"),
    }
    .expect("a body that decodes as it says");
    text
}

async fn pages_are_compressed_as_the_browser_accepts(backend: Backend) {
    let (app, _site) = release_app(backend).await;
    for (accepted, expected) in
        [(Some("gzip, deflate, br, zstd"), Some("gzip")), (Some("gzip"), Some("gzip")), (Some("br"), None), (None, None)]
    {
        let response = fetch(&app, "/", accepted).await;
        assert_eq!(header(&response, &CONTENT_ENCODING), expected, "offered {accepted:?}");
        assert_eq!(header(&response, &CACHE_CONTROL), Some("no-store"), "pages are never kept");
        let page = decoded(response).await;
        assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
        // The page names the hashed files, as Leptos read them from the hash file.
        for (path, _) in HASHED.iter().filter(|(path, _)| !path.ends_with(".wasm")) {
            assert!(page.contains(path), "{path} missing from {page}");
        }
    }
}

async fn hashed_files_are_sent_precompressed_and_kept_for_a_year(backend: Backend) {
    let (app, site) = release_app(backend).await;
    for (path, content_type) in HASHED {
        let original = std::fs::read_to_string(site.path().join(path.trim_start_matches('/'))).expect("file");
        for (accepted, expected) in
            [(Some("gzip, deflate, br"), Some("br")), (Some("gzip"), Some("gzip")), (None, None)]
        {
            let response = fetch(&app, path, accepted).await;
            assert_eq!(header(&response, &CONTENT_ENCODING), expected, "{path} offering {accepted:?}");
            assert_eq!(header(&response, &CACHE_CONTROL), Some(IMMUTABLE), "{path}");
            assert!(header(&response, &CONTENT_TYPE).is_some_and(|t| t.starts_with(content_type)), "{path}");
            assert!(
                header(&response, &VARY).is_some_and(|vary| vary.eq_ignore_ascii_case("accept-encoding")),
                "{path}: shared caches keep one copy per encoding"
            );
            assert_eq!(decoded(response).await, original, "{path} offering {accepted:?}");
        }
    }
}

async fn files_without_a_hash_are_kept_briefly_and_missing_ones_get_the_page(backend: Backend) {
    let (app, _site) = release_app(backend).await;
    let favicon = fetch(&app, "/favicon.svg", Some("br")).await;
    assert_eq!(header(&favicon, &CONTENT_ENCODING), Some("br"));
    assert_eq!(header(&favicon, &CACHE_CONTROL), Some("public, max-age=3600"));

    let missing = app.client.get(app.url("/pkg/missing.js")).send().await.expect("GET");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&missing, &CACHE_CONTROL), Some("no-store"));
    assert!(missing.text().await.expect("page").contains("<!DOCTYPE html>"), "Leptos' not-found page");
}

test_db::on_both_backends!(
    pages_are_compressed_as_the_browser_accepts,
    hashed_files_are_sent_precompressed_and_kept_for_a_year,
    files_without_a_hash_are_kept_briefly_and_missing_ones_get_the_page,
);
