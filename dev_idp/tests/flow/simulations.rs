use std::time::{Duration, Instant};

use openidconnect::{ClaimsVerificationError, SignatureVerificationError};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::*;

const MARKUP: &str = r#"<b id="idp-markup">Simulated</b> <script>window.__pwned=1</script>"#;

#[tokio::test]
async fn authorize_simulations_redirect_back_with_hostile_descriptions() {
    let idp = start().await;
    for error in ["access_denied", "temporarily_unavailable", "login_required"] {
        let browser = Browser::new();
        let request = AuthRequest::new();
        let page = browser.open_sign_in_page(request.url(&idp)).await;
        let simulate = format!("authorize:{error}");
        let target = location(&browser.submit_sign_in(&idp, &page, "ada", &simulate).await);
        assert!(target.as_str().starts_with(REDIRECT_URI), "{target}");
        assert_eq!(query_param(&target, "error").as_deref(), Some(error));
        assert_eq!(query_param(&target, "state").as_deref(), Some(request.state.as_str()));
        let description = query_param(&target, "error_description").expect("description");
        assert!(description.starts_with(MARKUP), "{description}");
        assert_eq!(query_param(&target, "code"), None);
    }
}

#[tokio::test]
async fn token_invalid_grant_simulation() {
    let (idp, request, code) = issued_code("token:invalid_grant").await;
    let response = redeem(&idp, &code, &request.verifier).await;
    let description = expect_token_error(response, StatusCode::BAD_REQUEST, "invalid_grant").await;
    assert!(description.starts_with(MARKUP), "{description}");
}

#[tokio::test]
async fn token_server_error_simulation_answers_500_without_json() {
    let (idp, request, code) = issued_code("token:server_error").await;
    let response = redeem(&idp, &code, &request.verifier).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/html");
    let body = response.text().await.expect("body");
    assert!(serde_json::from_str::<Value>(&body).is_err(), "{body}");
}

#[tokio::test]
async fn token_slow_simulation_answers_after_the_configured_delay() {
    let delay = Duration::from_millis(300);
    let idp = start_with(dev_idp::DevIdpConfig { slow_token_delay: delay, ..config() }).await;
    let request = AuthRequest::new();
    let code = Browser::new().code_for(&idp, &request, "token:slow").await;
    let started = Instant::now();
    let response = redeem(&idp, &code, &request.verifier).await;
    assert!(started.elapsed() >= delay);
    assert_eq!(response.status(), StatusCode::OK);
}

/// Completes a flow with `simulate` and verifies the ID token like the app does.
async fn verify_simulated(simulate: &str) -> Result<(), ClaimsVerificationError> {
    let idp = start().await;
    let request = AuthRequest::new();
    let body = tokens(&idp, &Browser::new(), &request, simulate).await;
    let id_token = body["id_token"].as_str().expect("id_token");
    if simulate == "id_token:bad_signature" {
        assert_eq!(jwt_kid(id_token), published_kid(&idp).await, "the real kid is reused");
    }
    verify_id_token(&idp, id_token, &request.nonce).await.map(|_| ())
}

#[tokio::test]
async fn id_token_simulations_fail_verification_for_the_right_reason() {
    let (wrong_nonce, wrong_audience, expired, bad_signature) = tokio::join!(
        verify_simulated("id_token:wrong_nonce"),
        verify_simulated("id_token:wrong_audience"),
        verify_simulated("id_token:expired"),
        verify_simulated("id_token:bad_signature"),
    );
    assert!(matches!(wrong_nonce, Err(ClaimsVerificationError::InvalidNonce(_))), "{wrong_nonce:?}");
    assert!(matches!(wrong_audience, Err(ClaimsVerificationError::InvalidAudience(_))), "{wrong_audience:?}");
    assert!(matches!(expired, Err(ClaimsVerificationError::Expired(_))), "{expired:?}");
    assert!(
        matches!(
            bad_signature,
            Err(ClaimsVerificationError::SignatureVerification(SignatureVerificationError::CryptoError(_)))
        ),
        "{bad_signature:?}"
    );
}

#[tokio::test]
async fn userinfo_wrong_sub_simulation() {
    let idp = start().await;
    let request = AuthRequest::new();
    let body = tokens(&idp, &Browser::new(), &request, "userinfo:wrong_sub").await;
    let claims = verify_id_token(&idp, body["id_token"].as_str().expect("id_token"), &request.nonce)
        .await
        .expect("the ID token itself is fine");
    let info: Value =
        userinfo(&idp, body["access_token"].as_str().expect("token")).await.json().await.expect("JSON");
    assert_ne!(info["sub"], claims.subject().as_str());
}

#[tokio::test]
async fn id_token_hs256_simulation_is_refused_by_an_rs256_only_verifier() {
    let idp = start().await;
    let request = AuthRequest::new();
    let body = tokens(&idp, &Browser::new(), &request, "id_token:hs256").await;
    let id_token = body["id_token"].as_str().expect("id_token");
    assert_eq!(jwt_header(id_token)["alg"], "HS256");

    let refused = verify_id_token(&idp, id_token, &request.nonce).await;
    assert!(
        matches!(
            refused,
            Err(ClaimsVerificationError::SignatureVerification(SignatureVerificationError::DisallowedAlg(_)))
        ),
        "{refused:?}"
    );

    // The trap: a verifier that takes discovery's algorithm list at its word
    // accepts the token, because its MAC is keyed by the client secret and
    // every claim is right.
    let metadata = provider_metadata(&idp).await;
    let algorithms = metadata.id_token_signing_alg_values_supported().clone();
    let trusting = id_token_verifier(&idp).await.set_allowed_algs(algorithms);
    let claims = verify_with(&trusting, id_token, &request.nonce).expect("a correct HS256 token");
    assert_eq!(claims.subject().as_str(), "user-ada");
    assert_eq!(claims.audiences().len(), 1);
}

#[tokio::test]
async fn id_token_extra_audience_simulation_names_another_authorized_party() {
    let idp = start().await;
    let request = AuthRequest::new();
    let body = tokens(&idp, &Browser::new(), &request, "id_token:extra_audience").await;
    let id_token = body["id_token"].as_str().expect("id_token");

    let refused = verify_id_token(&idp, id_token, &request.nonce).await;
    assert!(
        matches!(&refused, Err(ClaimsVerificationError::InvalidAudience(reason)) if reason.contains("some-other-client")),
        "{refused:?}"
    );

    // openidconnect leaves azp to the relying party: trusting the extra
    // audience lets the token through, with azp naming the other client.
    let trusting = id_token_verifier(&idp)
        .await
        .set_other_audience_verifier_fn(|audience| audience.as_str() == "some-other-client");
    let claims = verify_with(&trusting, id_token, &request.nonce).expect("valid apart from aud and azp");
    let audiences: Vec<&str> = claims.audiences().iter().map(|audience| audience.as_str()).collect();
    assert_eq!(audiences, [CLIENT_ID, "some-other-client"]);
    assert_eq!(claims.authorized_party().map(|azp| azp.as_str()), Some("some-other-client"));
}

#[tokio::test]
async fn id_token_no_kid_simulation_signs_a_valid_token_that_names_no_key() {
    let idp = start().await;
    let request = AuthRequest::new();
    let body = tokens(&idp, &Browser::new(), &request, "id_token:no_kid").await;
    let id_token = body["id_token"].as_str().expect("id_token");
    assert_eq!(jwt_header(id_token).get("kid"), None, "{}", jwt_header(id_token));
    verify_id_token(&idp, id_token, &request.nonce).await.expect("signed by the published key");
}

#[tokio::test]
async fn consent_coop_simulation_cuts_the_consent_page_off_from_its_opener() {
    let idp = start().await;
    let (browser, request) = (Browser::new(), AuthRequest::new());
    let page = browser.open_sign_in_page(request.url(&idp)).await;
    let consent = browser.submit_sign_in(&idp, &page, "ada", "consent:coop_same_origin").await;
    assert_eq!(consent.headers()["cross-origin-opener-policy"], "same-origin");
    let other = Browser::new();
    let other_page = other.open_sign_in_page(AuthRequest::new().url(&idp)).await;
    let normal = other.submit_sign_in(&idp, &other_page, "ada", "").await;
    assert!(normal.headers().get("cross-origin-opener-policy").is_none(), "only when simulated");
    // The sign-in itself goes on.
    let consent = consent.text().await.expect("consent page");
    let callback = location(&browser.submit_consent(&idp, &consent, Decision::Allow).await);
    assert!(query_param(&callback, "code").is_some(), "{callback}");
}
