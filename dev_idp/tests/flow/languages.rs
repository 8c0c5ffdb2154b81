//! The pages speak the language of the authorization request's `ui_locales` (OpenID Connect
//! Core §3.1.2.1) from sign-in to consent; the browser's `Accept-Language` where a request
//! says nothing.

use dev_idp::texts::Texts;
use dev_idp::Language;
use reqwest::header::ACCEPT_LANGUAGE;
use reqwest::{Response, StatusCode};

use crate::support::*;

const CLIENT: &str = CLIENT_ID;

/// A text as the pages write it: escaped for HTML.
fn in_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Asserts that `page` is in `language` and shows each of `texts`, and returns it.
async fn expect_page(response: Response, status: StatusCode, language: Language, texts: &[&str]) -> String {
    assert_eq!(response.status(), status);
    let page = response.text().await.expect("body");
    let lang = format!(r#"<html lang="{}">"#, language.tag());
    assert!(page.contains(&lang), "{lang} in {page}");
    assert!(page.contains(&in_html(language.texts().banner)), "{page}");
    for text in texts {
        assert!(page.contains(&in_html(text)), "{text:?} in {page}");
    }
    // The client's name never reaches a page unescaped, and is emphasised where it is named.
    assert!(!page.contains(CLIENT) || page.contains(&format!("<strong>{CLIENT}</strong>")), "{page}");
    page
}

/// The words of a sentence about the client, on either side of its (emphasised) name.
fn around_client(sentence: fn(&str) -> String) -> Vec<String> {
    sentence(CLIENT).split(CLIENT).filter(|words| !words.is_empty()).map(str::to_owned).collect()
}

fn sign_in_texts(texts: &Texts) -> Vec<String> {
    let mut shown = around_client(texts.sign_in_intro);
    shown.extend([texts.sign_in_title, texts.test_user_legend, texts.continue_button].map(String::from));
    shown
}

fn consent_texts(texts: &Texts) -> Vec<String> {
    let mut shown = around_client(texts.consent_request);
    shown.push((texts.signed_in_as)("Ada Lovelace", "ada@example.com"));
    shown.extend([texts.allow_button, texts.deny_button].map(String::from));
    shown
}

fn strs(texts: &[String]) -> Vec<&str> {
    texts.iter().map(String::as_str).collect()
}

#[tokio::test]
async fn every_language_is_kept_from_sign_in_through_account_choice_to_consent() {
    let idp = start().await;
    for language in Language::all() {
        let texts = language.texts();
        let browser = Browser::new();
        let ui_locales = [("ui_locales", language.tag())];
        let opened = browser.get(AuthRequest::new().url_with(&idp, &ui_locales)).await;
        let page = expect_page(opened, StatusCode::OK, language, &strs(&sign_in_texts(texts))).await;

        let signed_in = browser.submit_sign_in(&idp, &page, "ada", "").await;
        let consent = expect_page(signed_in, StatusCode::OK, language, &strs(&consent_texts(texts))).await;
        let callback = location(&browser.submit_consent(&idp, &consent, Decision::Allow).await);
        assert!(callback.as_str().starts_with(REDIRECT_URI), "{callback}");

        // Signed in now: the account chooser marks Ada, and picking her asks for consent again.
        let choose = [("prompt", "select_account"), ("ui_locales", language.tag())];
        let opened = browser.get(AuthRequest::new().url_with(&idp, &choose)).await;
        let mut chooser_texts = around_client(texts.choose_account_intro);
        chooser_texts
            .extend([texts.choose_account_title, texts.signed_in_mark, texts.no_name].map(String::from));
        let chooser = expect_page(opened, StatusCode::OK, language, &strs(&chooser_texts)).await;
        let signed_in = browser.submit_sign_in(&idp, &chooser, "ada", "").await;
        expect_page(signed_in, StatusCode::OK, language, &strs(&consent_texts(texts))).await;
    }
}

#[tokio::test]
async fn the_first_language_spoken_wins_regions_fall_back_and_the_rest_is_english() {
    let idp = start().await;
    for (ui_locales, expected) in [
        ("pt-BR", Language::Pt),
        ("da-DK en", Language::Da),
        ("xx", Language::En),
        ("sv-SE xx-YY nl-BE fr", Language::Nl),
        ("", Language::En),
    ] {
        let url = AuthRequest::new().url_with(&idp, &[("ui_locales", ui_locales)]);
        let opened = Browser::new().get(url).await;
        expect_page(opened, StatusCode::OK, expected, &[expected.texts().sign_in_title]).await;
    }
}

#[tokio::test]
async fn hostile_ui_locales_are_read_safely_and_never_echoed() {
    let idp = start().await;
    let markup = r#""><script>alert(1)</script><html lang="xx">"#;
    let very_long = format!("{markup} {} de", "x-private-tag ".repeat(2000));
    for (ui_locales, expected) in
        [(markup, Language::En), (very_long.as_str(), Language::De), ("de\"><b>", Language::En)]
    {
        let url = AuthRequest::new().url_with(&idp, &[("ui_locales", ui_locales)]);
        let opened = Browser::new().get(url).await;
        let page = expect_page(opened, StatusCode::OK, expected, &[expected.texts().sign_in_title]).await;
        assert!(!page.contains("<script>") && !page.contains("alert(1)"), "{page}");
        assert!(!page.contains("x-private-tag") && !page.contains(r#"lang="xx""#), "{page}");
    }
}

#[tokio::test]
async fn error_and_signed_out_pages_speak_the_request_s_language() {
    let idp = start().await;
    let browser = Browser::new();
    let texts = Language::De.texts();
    let unknown_client = AuthRequest::new().url_with(&idp, &[("client_id", "nobody"), ("ui_locales", "de")]);
    let shown = [texts.error_heading, texts.problems.unknown_client];
    expect_page(browser.get(unknown_client).await, StatusCode::BAD_REQUEST, Language::De, &shown).await;

    let texts = Language::Nl.texts();
    let end_session = format!("{}/end-session?ui_locales=nl", idp.issuer_url());
    let shown = [texts.signed_out_heading, texts.signed_out_advice];
    expect_page(browser.get(end_session).await, StatusCode::OK, Language::Nl, &shown).await;
}

#[tokio::test]
async fn a_form_whose_sign_in_is_gone_is_answered_in_the_browser_s_language() {
    let idp = start().await;
    let texts = Language::Fr.texts();
    let response = Browser::new()
        .http
        .post(format!("{}/sign-in", idp.issuer_url()))
        .header(ACCEPT_LANGUAGE, "sv, fr-CA;q=0.8, en;q=0.5")
        .form(&[("request", "gone"), ("user", "ada")])
        .send()
        .await
        .expect("POST /sign-in");
    let shown = [texts.error_heading, texts.problems.sign_in_expired];
    expect_page(response, StatusCode::BAD_REQUEST, Language::Fr, &shown).await;
}

#[tokio::test]
async fn a_sign_in_keeps_its_language_whatever_the_browser_says_later() {
    let idp = start().await;
    let browser = Browser::new();
    let url = AuthRequest::new().url_with(&idp, &[("ui_locales", "pt")]);
    let page = expect_page(browser.get(url).await, StatusCode::OK, Language::Pt, &[]).await;
    let request = dev_idp_driver::hidden_field(&page, dev_idp::forms::REQUEST).expect("request field");
    let response = browser
        .http
        .post(format!("{}/sign-in", idp.issuer_url()))
        .header(ACCEPT_LANGUAGE, "de")
        .form(&[("request", request), ("user", "ada")])
        .send()
        .await
        .expect("POST /sign-in");
    expect_page(response, StatusCode::OK, Language::Pt, &strs(&consent_texts(Language::Pt.texts()))).await;
}
