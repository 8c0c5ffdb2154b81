//! `GET /auth/callback`, where the IdP sends the browser back. It is a plain axum route
//! rather than a server function because it must answer every query string, however
//! malformed, with a redirect: to where the sign-in was going, or to the error page.
//!
//! The query arrives from anyone's browser, so it is parsed by hand and defensively:
//! repeated, oversized or garbage parameters become a failure with a friendly page.

use super::flow::{self, Finished};
use super::request::AuthRequest;
use crate::errors::{ErrorCode, Failure, Stage};
use crate::paths;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use tower_sessions::Session;

/// Finishes the sign-in, or explains why not.
pub async fn handle(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Redirect {
    let request = AuthRequest::new(state, session, paths::AUTH_CALLBACK, &headers);
    let outcome = match CallbackQuery::parse(query.as_deref()) {
        Ok(query) => {
            let state = &request.state;
            flow::finish_login(&state.oidc, &state.db, &request.session, &query).await
        }
        Err(failure) => Err(failure),
    };
    match outcome {
        Ok(Finished::SignedIn { return_to, in_popup: false }) => Redirect::to(&return_to),
        Ok(Finished::SignedIn { return_to, in_popup: true }) => {
            Redirect::to(&paths::popup_signed_in(&return_to))
        }
        Ok(Finished::Replayed { return_to }) => {
            let event =
                Failure::new(ErrorCode::CallbackReplayed, Stage::Callback, "callback replayed after sign-in");
            request.note(event).await;
            Redirect::to(&return_to)
        }
        Err(failure) => Redirect::to(&request.fail(failure).await),
    }
}

/// Longest query string we read; real callbacks are far shorter.
const MAX_QUERY_LEN: usize = 8 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
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
        let mut query = Self::default();
        for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            let slot = match key.as_ref() {
                "code" => &mut query.code,
                "state" => &mut query.state,
                "error" => &mut query.error,
                "error_description" => &mut query.error_description,
                "iss" => &mut query.iss,
                // Providers add more (session_state, scope): nothing we rely on.
                _ => continue,
            };
            if slot.is_some() {
                return Err(malformed(format!("repeated parameter {key}")));
            }
            *slot = Some(value.into_owned()).filter(|v| !v.is_empty());
        }
        Ok(query)
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
        assert_eq!((ok.code.as_deref(), ok.state.as_deref()), (Some("abc"), Some("xyz")));
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
            assert_eq!(query.code, None, "{raw}");
        }
        assert_eq!(CallbackQuery::parse(None).unwrap(), CallbackQuery::default());
    }
}
