//! The few HTML pages a person sees at the IdP, in the [`Language`] of the request. Every
//! value interpolated into markup, the texts included, goes through [`escape`].

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::forms::{self, Decision};
use crate::language::Language;
use crate::paths;
use crate::simulate::Simulation;
use crate::texts::{Problems, Texts};
use crate::users::{TestUser, TEST_USERS};

/// Escapes text for use in HTML element content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// What can be wrong with a request the IdP answers with a page of its own, because it
/// cannot be trusted enough to redirect anywhere (or there is nowhere to redirect to).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// A query or form that axum could not read.
    Malformed,
    UnknownClient,
    UnregisteredRedirectUri,
    ForeignIdTokenHint,
    UnknownUser,
    UnknownSimulation,
    /// The sign-in or consent form refers to a request that is gone.
    SignInExpired,
    /// The consent form, posted by a browser the IdP knows no session of.
    NotSignedIn,
    /// A post to a `/dev/*` endpoint from another site's page.
    CrossSite,
    Internal,
}

impl Problem {
    fn status(self) -> StatusCode {
        match self {
            Self::CrossSite => StatusCode::FORBIDDEN,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    fn text(self, problems: &Problems) -> &'static str {
        match self {
            Self::Malformed => problems.malformed,
            Self::UnknownClient => problems.unknown_client,
            Self::UnregisteredRedirectUri => problems.unregistered_redirect_uri,
            Self::ForeignIdTokenHint => problems.foreign_id_token_hint,
            Self::UnknownUser => problems.unknown_user,
            Self::UnknownSimulation => problems.unknown_simulation,
            Self::SignInExpired => problems.sign_in_expired,
            Self::NotSignedIn => problems.not_signed_in,
            Self::CrossSite => problems.cross_site,
            Self::Internal => problems.internal,
        }
    }
}

/// A [`Problem`], shown in the language of the request it answers.
#[derive(Debug)]
pub(crate) struct PageError {
    problem: Problem,
    language: Language,
    /// Technical words for the developer reading the page (a parser's message, the value
    /// that was refused), shown as they are, untranslated.
    detail: Option<String>,
}

impl PageError {
    pub(crate) fn new(problem: Problem, language: Language) -> Self {
        Self { problem, language, detail: None }
    }

    pub(crate) fn with_detail(self, detail: impl Into<String>) -> Self {
        Self { detail: Some(detail.into()), ..self }
    }

    /// For a query or form that axum could not read: its message becomes the detail.
    pub(crate) fn malformed<E: std::fmt::Display>(language: Language) -> impl FnOnce(E) -> Self {
        move |rejection| Self::new(Problem::Malformed, language).with_detail(rejection.to_string())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let texts = self.language.texts();
        let detail = match &self.detail {
            Some(detail) => format!("\n<p class=\"muted\"><code>{}</code></p>", escape(detail)),
            None => String::new(),
        };
        let body = format!(
            r#"<h1>{heading}</h1>
<p class="error">{problem}</p>{detail}"#,
            heading = escape(texts.error_heading),
            problem = escape(self.problem.text(&texts.problems)),
        );
        html(self.problem.status(), self.language, texts.error_title, &body)
    }
}

/// What the sign-in page shows besides the test users and simulations.
pub(crate) struct SignInPage<'a> {
    pub(crate) pending_id: &'a str,
    pub(crate) client_id: &'a str,
    /// The user checked when the page opens; the first test user when `None`.
    pub(crate) preselected: Option<&'a TestUser>,
    pub(crate) mode: SignInMode<'a>,
    pub(crate) language: Language,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum SignInMode<'a> {
    SignIn,
    /// `prompt=select_account`: an account chooser, which marks the user
    /// signed in to the IdP in this browser (if any).
    ChooseAccount {
        signed_in: Option<&'a TestUser>,
    },
}

pub(crate) fn sign_in(page: SignInPage<'_>) -> Response {
    let texts = page.language.texts();
    let preselected = page.preselected.or(TEST_USERS.first()).map(|user| &*user.id);
    let (title, intro, signed_in) = match page.mode {
        SignInMode::SignIn => (texts.sign_in_title, texts.sign_in_intro, None),
        SignInMode::ChooseAccount { signed_in } => {
            (texts.choose_account_title, texts.choose_account_intro, signed_in)
        }
    };
    let signed_in = signed_in.map(|user| &*user.id);
    let users = TEST_USERS
        .iter()
        .map(|user| {
            let mark = if signed_in == Some(&*user.id) {
                format!(" <strong>{}</strong>", escape(texts.signed_in_mark))
            } else {
                String::new()
            };
            format!(
                r#"<label class="user"><input type="radio" name="{field}" id="user-{id}" value="{id}"{checked}> {name}{mark} <span class="muted">{email}</span></label>"#,
                field = forms::USER,
                id = escape(&user.id),
                checked = if preselected == Some(&*user.id) { " checked" } else { "" },
                name = escape(display_name(user, texts)),
                email = escape(&user.email),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let options = Simulation::all()
        .map(|simulation| {
            let label = (texts.simulation)(simulation);
            format!(r#"<option value="{}">{}</option>"#, escape(&simulation.value()), escape(&label))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let body = format!(
        r#"<h1>{title}</h1>
<p>{intro}</p>
<form method="post" action="{action}">
<input type="hidden" name="{request_field}" value="{request}">
<fieldset><legend>{legend}</legend>
{users}
</fieldset>
<label for="simulate">{simulate}</label>
<select name="{simulate_field}" id="simulate">
<option value="">{normal}</option>
{options}
</select>
<button type="submit">{continue_button}</button>
</form>"#,
        title = escape(title),
        intro = emphasising(intro, page.client_id),
        action = paths::SIGN_IN,
        request_field = forms::REQUEST,
        request = escape(page.pending_id),
        legend = escape(texts.test_user_legend),
        simulate = escape(texts.simulate_label),
        simulate_field = forms::SIMULATE,
        normal = escape(texts.normal_sign_in),
        continue_button = escape(texts.continue_button),
    );
    html(StatusCode::OK, page.language, title, &body)
}

/// The consent page for the sign-in `pending_id`, which `client_id` started in `language`.
pub(crate) fn consent(pending_id: &str, client_id: &str, user: &TestUser, language: Language) -> Response {
    let texts = language.texts();
    let body = format!(
        r#"<h1>{title}</h1>
<p>{request}</p>
<p class="muted">{signed_in_as}</p>
<form method="post" action="{action}">
<input type="hidden" name="{request_field}" value="{pending}">
<button type="submit" name="{decision_field}" value="{allow}">{allow_button}</button>
<button type="submit" name="{decision_field}" value="{deny}" class="secondary">{deny_button}</button>
</form>"#,
        title = escape(texts.consent_title),
        request = emphasising(texts.consent_request, client_id),
        signed_in_as = escape(&(texts.signed_in_as)(display_name(user, texts), &user.email)),
        action = paths::CONSENT,
        request_field = forms::REQUEST,
        pending = escape(pending_id),
        decision_field = forms::DECISION,
        allow = Decision::Allow.as_str(),
        deny = Decision::Deny.as_str(),
        allow_button = escape(texts.allow_button),
        deny_button = escape(texts.deny_button),
    );
    html(StatusCode::OK, language, texts.consent_title, &body)
}

pub(crate) fn signed_out(language: Language) -> Response {
    let texts = language.texts();
    let body = format!(
        "<h1>{heading}</h1>\n<p>{advice}</p>",
        heading = escape(texts.signed_out_heading),
        advice = escape(texts.signed_out_advice),
    );
    html(StatusCode::OK, language, texts.signed_out_title, &body)
}

/// `/session`: who is signed in to the IdP in this browser, if anyone, and two ways to sign
/// out: of this browser's session (the end-session endpoint), or of every session of theirs.
pub(crate) fn session(user: Option<&TestUser>, language: Language) -> Response {
    let texts = language.texts();
    let body = match user {
        Some(user) => format!(
            r#"<h1>{title}</h1>
<p>{signed_in_as}</p>
<form method="get" action="{end_session}"><button type="submit">{sign_out}</button></form>
<form method="post" action="{everywhere}"><button type="submit" class="secondary">{sign_out_everywhere}</button></form>"#,
            title = escape(texts.session_title),
            signed_in_as = escape(&(texts.signed_in_as)(display_name(user, texts), &user.email)),
            end_session = paths::END_SESSION,
            everywhere = paths::SIGN_OUT_EVERYWHERE,
            sign_out = escape(texts.sign_out_button),
            sign_out_everywhere = escape(texts.sign_out_everywhere_button),
        ),
        None => format!(
            "<h1>{title}</h1>\n<p>{none}</p>",
            title = escape(texts.session_title),
            none = escape(texts.session_none),
        ),
    };
    html(StatusCode::OK, language, texts.session_title, &body)
}

/// `sentence` about `name` as markup: its words escaped, the name escaped and emphasised.
fn emphasising(sentence: fn(&str) -> String, name: &str) -> String {
    // Stands in for the name while the sentence is escaped; no text has it.
    const SLOT: &str = "\u{fffc}";
    escape(&sentence(SLOT)).replacen(SLOT, &format!("<strong>{}</strong>", escape(name)), 1)
}

fn display_name<'a>(user: &'a TestUser, texts: &'static Texts) -> &'a str {
    user.name.as_deref().unwrap_or(texts.no_name)
}

const STYLE: &str = "
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1d2430; background: #f3f5f8; }
.banner { padding: .75rem 1rem; background: #b42318; color: #fff; font-weight: 600; text-align: center; }
main { max-width: 28rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: .75rem;
       box-shadow: 0 1px 4px rgb(0 0 0 / .12); }
h1 { margin-top: 0; font-size: 1.5rem; }
fieldset { margin: 0 0 1rem; padding: .5rem 1rem; border: 1px solid #d0d5dd; border-radius: .5rem; }
label.user { display: block; padding: .35rem 0; }
select { display: block; width: 100%; margin: .25rem 0 1.25rem; padding: .4rem; font: inherit; }
button { padding: .55rem 1.4rem; border: 0; border-radius: .4rem; background: #2d5bd0; color: #fff;
         font: inherit; cursor: pointer; }
button + button { margin-left: .5rem; }
form + form { margin-top: .75rem; }
button.secondary { background: #e4e7ec; color: #1d2430; }
.muted { color: #667085; }
.error { color: #b42318; }
";

/// Wraps `body` (already escaped markup) in the page layout and the headers
/// every IdP page needs.
fn html(status: StatusCode, language: Language, title: &str, body: &str) -> Response {
    let page = format!(
        r#"<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Dev IdP</title><style>{STYLE}</style></head>
<body>
<div class="banner" role="alert">{banner}</div>
<main>
{body}
</main>
</body>
</html>
"#,
        lang = language.tag(),
        title = escape(title),
        banner = escape(language.texts().banner),
    );
    let headers = [
        // Pages carry one-time request ids; never serve them from a cache.
        (header::CACHE_CONTROL, "no-store"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
    ];
    (status, headers, page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_emphasises_the_name_it_is_about_and_escapes_both() {
        let sentence: fn(&str) -> String = |name| format!("{name} & you");
        assert_eq!(emphasising(sentence, "<app>"), "<strong>&lt;app&gt;</strong> &amp; you");
    }

    #[test]
    fn escape_neutralises_markup_and_attribute_breakouts() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
