//! `GET /auth/callback`, where the IdP sends the browser back. It is a plain axum route
//! rather than a server function because it must answer every query string, however
//! malformed, with a redirect: to where the sign-in was going, or to a page that explains.

use super::landing::Landings;
use super::outcomes::Outcomes;
use super::request::AuthRequest;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use sign_in::callback::CallbackQuery;
use sign_in::errors::{ErrorCode, Failure, Stage};
use sign_in::flow::{self, CallbackFailure, Finished};
use sign_in::{paths, SignIn};
use std::sync::Arc;
use tower_cookies::Cookies;
use tower_sessions::Session;

/// Finishes the sign-in, or explains why not.
pub async fn handle(
    State(sign_in): State<SignIn>,
    State(landings): State<Landings>,
    State(outcomes): State<Arc<Outcomes>>,
    session: Session,
    cookies: Cookies,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Redirect {
    let request =
        AuthRequest::new(sign_in, landings, outcomes, session, cookies, paths::AUTH_CALLBACK, &headers);
    let outcome = match CallbackQuery::parse(query.as_deref()) {
        Ok(query) => {
            let sign_in = &request.sign_in;
            let user_agent = request.info.user_agent.as_deref();
            let (oidc, db, tokens) = (&sign_in.oidc, &sign_in.db, &sign_in.tokens);
            flow::finish_login(oidc, db, tokens, &request.session, &query, user_agent).await
        }
        // A query too broken to name a sign-in matches none.
        Err(failure) => Err(CallbackFailure::Anonymous(failure)),
    };
    match outcome {
        Ok(Finished::SignedIn { return_to, landing }) => {
            request.outcomes.signed_in();
            Redirect::to(&request.landings.after_sign_in(&landing, &return_to))
        }
        Ok(Finished::Replayed { return_to }) => {
            let event =
                Failure::new(ErrorCode::CallbackReplayed, Stage::Callback, "callback replayed after sign-in");
            request.note(event).await;
            Redirect::to(&return_to)
        }
        Err(CallbackFailure::Logged(failure)) => Redirect::to(&request.fail(failure).await),
        Err(CallbackFailure::Anonymous(failure)) => Redirect::to(&request.fail_anonymously(failure)),
    }
}
