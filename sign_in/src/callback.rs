//! The query of `GET /auth/callback`, where the IdP sends the browser back. It arrives from
//! anyone's browser, so it is parsed by hand and defensively: repeated, oversized or garbage
//! parameters become a failure with a friendly page. The secrets in it (the code, the state)
//! arrive in openidconnect's types, whose `Debug` prints nothing of them.

use crate::errors::{ErrorCode, Failure, Stage};
use openidconnect::{AuthorizationCode, CsrfToken};

/// Longest query string we read; real callbacks are far shorter.
const MAX_QUERY_LEN: usize = 8 * 1024;

#[derive(Debug, Default)]
pub struct CallbackQuery {
    pub code: Option<AuthorizationCode>,
    pub state: Option<CsrfToken>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    /// The issuer that answered (RFC 9207).
    pub iss: Option<String>,
}

impl CallbackQuery {
    pub fn parse(raw: Option<&str>) -> Result<Self, Failure> {
        let raw = raw.unwrap_or_default();
        if raw.len() > MAX_QUERY_LEN {
            return Err(malformed(format!("query of {} bytes", raw.len())));
        }
        let (mut code, mut state, mut error, mut error_description, mut iss) = Default::default();
        for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            let slot: &mut Option<String> = match key.as_ref() {
                "code" => &mut code,
                "state" => &mut state,
                "error" => &mut error,
                "error_description" => &mut error_description,
                "iss" => &mut iss,
                // Providers add more (session_state, scope): nothing we rely on.
                _ => continue,
            };
            if slot.is_some() {
                return Err(malformed(format!("repeated parameter {key}")));
            }
            *slot = Some(value.into_owned()).filter(|v| !v.is_empty());
        }
        Ok(Self {
            code: code.map(AuthorizationCode::new),
            state: state.map(CsrfToken::new),
            error,
            error_description,
            iss,
        })
    }
}

fn malformed(cause: String) -> Failure {
    Failure::new(ErrorCode::CallbackMalformed, Stage::Callback, cause)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_success_and_an_error() {
        let ok = CallbackQuery::parse(Some("code=abc&state=xyz&iss=http%3A%2F%2Fidp&scope=openid")).unwrap();
        let code = ok.code.as_ref().map(|code| code.secret().as_str());
        assert_eq!(
            (code, ok.state.as_ref().map(|state| state.secret().as_str())),
            (Some("abc"), Some("xyz"))
        );
        assert_eq!(ok.iss.as_deref(), Some("http://idp"));
        let error =
            CallbackQuery::parse(Some("error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E")).unwrap();
        assert_eq!(error.error.as_deref(), Some("access_denied"));
        assert_eq!(error.error_description.as_deref(), Some("<b>no</b>"));
    }

    #[test]
    fn rejects_repeated_and_oversized_queries() {
        for raw in ["code=a&code=b", "state=a&state=a", &format!("code={}", "x".repeat(9000))] {
            assert_eq!(CallbackQuery::parse(Some(raw)).unwrap_err().code, ErrorCode::CallbackMalformed);
        }
    }

    #[test]
    fn garbage_is_read_as_nothing() {
        for raw in ["", "%%%", "&&&=", "code", "=x"] {
            let query = CallbackQuery::parse(Some(raw)).unwrap();
            assert!(query.code.is_none(), "{raw}");
        }
        let empty = CallbackQuery::parse(None).unwrap();
        assert!(empty.code.is_none() && empty.state.is_none() && empty.error.is_none());
    }

    #[test]
    fn debug_output_never_shows_the_code_or_state() {
        let query = CallbackQuery::parse(Some("code=the-code&state=the-state")).unwrap();
        let text = format!("{query:?}");
        assert!(!text.contains("the-code") && !text.contains("the-state"), "{text}");
    }
}
