//! The few HTML pages a person sees at the IdP. Every value interpolated
//! into markup goes through [`escape`].

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::forms::{self, Decision};
use crate::paths;
use crate::simulate;
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

/// A problem shown at the IdP itself, because the request cannot be trusted
/// enough to redirect anywhere (or there is nowhere to redirect to).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct PageError {
    status: StatusCode,
    message: String,
}

impl PageError {
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, message: message.into() }
    }

    /// For a query or form that axum could not read: `what` names it for the person.
    pub(crate) fn malformed<E: std::fmt::Display>(what: &'static str) -> impl FnOnce(E) -> Self {
        move |rejection| Self::bad_request(format!("Malformed {what}: {rejection}"))
    }

    /// The sign-in or consent form refers to a request that is gone.
    pub(crate) fn sign_in_expired() -> Self {
        Self::bad_request(
            "This sign-in has expired or was already completed. Go back to the app and sign in again.",
        )
    }

    /// A post to a `/dev/*` endpoint from another site's page.
    pub(crate) fn cross_site() -> Self {
        let message = "Only the development IdP's own pages and tools may post to its /dev/ endpoints.";
        Self { status: StatusCode::FORBIDDEN, message: message.into() }
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self { status: StatusCode::INTERNAL_SERVER_ERROR, message: message.into() }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = format!(
            r#"<h1>Something is wrong with this request</h1>
<p class="error">{}</p>"#,
            escape(&self.message)
        );
        html(self.status, "Error", &body)
    }
}

/// What the sign-in page shows besides the test users and simulations.
pub(crate) struct SignInPage<'a> {
    pub(crate) pending_id: &'a str,
    pub(crate) client_id: &'a str,
    /// The user checked when the page opens; the first test user when `None`.
    pub(crate) preselected: Option<&'a TestUser>,
    pub(crate) mode: SignInMode<'a>,
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
    let preselected = page.preselected.or(TEST_USERS.first()).map(|user| &*user.id);
    let (title, intro, signed_in) = match page.mode {
        SignInMode::SignIn => ("Sign in", "asks you to sign in with a test user.", None),
        SignInMode::ChooseAccount { signed_in } => {
            ("Choose an account", "asks you to choose the test user to continue as.", signed_in)
        }
    };
    let signed_in = signed_in.map(|user| &*user.id);
    let users = TEST_USERS
        .iter()
        .map(|user| {
            format!(
                r#"<label class="user"><input type="radio" name="{field}" id="user-{id}" value="{id}"{checked}> {name}{mark} <span class="muted">{email}</span></label>"#,
                field = forms::USER,
                id = escape(&user.id),
                checked = if preselected == Some(&*user.id) { " checked" } else { "" },
                name = escape(display_name(user)),
                mark = if signed_in == Some(&*user.id) { " <strong>(signed in)</strong>" } else { "" },
                email = escape(&user.email),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let options = simulate::simulations()
        .map(|choice| {
            format!(r#"<option value="{}">{}</option>"#, escape(&choice.value), escape(&choice.label))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let body = format!(
        r#"<h1>{title}</h1>
<p><strong>{client}</strong> {intro}</p>
<form method="post" action="{action}">
<input type="hidden" name="{request_field}" value="{request}">
<fieldset><legend>Test user</legend>
{users}
</fieldset>
<label for="simulate">Simulate…</label>
<select name="{simulate_field}" id="simulate">
<option value="">Normal sign-in</option>
{options}
</select>
<button type="submit">Continue</button>
</form>"#,
        client = escape(page.client_id),
        action = paths::SIGN_IN,
        request_field = forms::REQUEST,
        request = escape(page.pending_id),
        simulate_field = forms::SIMULATE,
    );
    html(StatusCode::OK, title, &body)
}

pub(crate) fn consent(pending_id: &str, client_id: &str, user: &TestUser) -> Response {
    let body = format!(
        r#"<h1>Allow access?</h1>
<p><strong>{client}</strong> wants to access your name and email.</p>
<p class="muted">Signed in as {name} ({email}).</p>
<form method="post" action="{action}">
<input type="hidden" name="{request_field}" value="{request}">
<button type="submit" name="{decision_field}" value="{allow}">Allow</button>
<button type="submit" name="{decision_field}" value="{deny}" class="secondary">Deny</button>
</form>"#,
        client = escape(client_id),
        name = escape(display_name(user)),
        email = escape(&user.email),
        action = paths::CONSENT,
        request_field = forms::REQUEST,
        request = escape(pending_id),
        decision_field = forms::DECISION,
        allow = Decision::Allow.as_str(),
        deny = Decision::Deny.as_str(),
    );
    html(StatusCode::OK, "Allow access?", &body)
}

pub(crate) fn signed_out() -> Response {
    let body = "<h1>You are signed out of the development IdP</h1>
<p>You can close this tab, or go back to the app.</p>";
    html(StatusCode::OK, "Signed out", body)
}

fn display_name(user: &TestUser) -> &str {
    user.name.as_deref().unwrap_or("(no name)")
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
button.secondary { background: #e4e7ec; color: #1d2430; }
.muted { color: #667085; }
.error { color: #b42318; }
";

/// Wraps `body` (already escaped markup) in the page layout and the headers
/// every IdP page needs.
fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let page = format!(
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Dev IdP</title><style>{STYLE}</style></head>
<body>
<div class="banner" role="alert">Development identity provider — not for production</div>
<main>
{body}
</main>
</body>
</html>
"#,
        title = escape(title),
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
    fn escape_neutralises_markup_and_attribute_breakouts() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
