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
