//! Start-up refusals, with the real binary: a deploy that forgets a variable stops with one
//! line naming it, before anything listens.

use std::process::Command;

fn start(vars: &[(&str, &str)]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .env_clear()
        .env("DOTENV_DISABLED", "1")
        .env("LEPTOS_OUTPUT_NAME", "intastellar-leptos")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "off")
        .envs(vars.iter().copied())
        .output()
        .expect("the server binary runs");
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_public_site_without_an_issuer_refuses_to_start_the_development_idp() {
    let (started, stderr) = start(&[("APP_BASE_URL", "https://demo.example.com")]);
    assert!(!started);
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
    assert!(stderr.contains("OIDC_ISSUER_URL") && stderr.contains("loopback"), "{stderr}");
}

#[test]
fn a_real_issuer_without_the_public_origin_refuses_to_start() {
    let (started, stderr) = start(&[
        ("OIDC_ISSUER_URL", "https://accounts.example.com"),
        ("OIDC_CLIENT_ID", "abc"),
        ("OIDC_CLIENT_SECRET", "s3cret"),
    ]);
    assert!(!started);
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
    assert!(stderr.contains("APP_BASE_URL"), "{stderr}");
}

/// A real issuer's settings for a site at `base_url`, and `more`.
fn real_issuer(
    base_url: &'static str,
    more: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut vars = vec![
        ("APP_BASE_URL", base_url),
        ("OIDC_ISSUER_URL", "https://accounts.example.com"),
        ("OIDC_CLIENT_ID", "abc"),
        ("OIDC_CLIENT_SECRET", "s3cret"),
    ];
    vars.extend_from_slice(more);
    vars
}

fn refuses_with_one_line_naming(vars: &[(&str, &str)], variable: &str) -> String {
    let (started, stderr) = start(vars);
    assert!(!started, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
    assert!(stderr.starts_with(&format!("configuration error: {variable}: ")), "{stderr}");
    stderr
}

#[test]
fn an_https_site_without_its_proxies_refuses_to_start() {
    let stderr =
        refuses_with_one_line_naming(&real_issuer("https://demo.example.com", &[]), "TRUSTED_PROXIES");
    assert!(stderr.contains("none"), "says how to say there is no proxy: {stderr}");
}

#[test]
fn a_public_http_site_with_a_real_issuer_refuses_to_start() {
    let vars = real_issuer("http://demo.example.com", &[("TRUSTED_PROXIES", "none")]);
    refuses_with_one_line_naming(&vars, "APP_BASE_URL");
}

#[test]
fn a_short_metrics_token_refuses_to_start() {
    let stderr = refuses_with_one_line_naming(&[("METRICS_TOKEN", "letmein")], "METRICS_TOKEN");
    assert!(!stderr.contains("letmein"), "the token stays out of the log: {stderr}");
}
