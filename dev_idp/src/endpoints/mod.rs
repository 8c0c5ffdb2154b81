//! HTTP endpoints, one module per protocol step.

mod authorize;
mod clock;
mod consent;
mod discovery;
mod end_session;
mod jwks;
mod sign_in;
mod token;
mod userinfo;

use std::sync::Arc;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

use crate::state::Idp;

// Shared with the discovery document and the HTML forms, so they cannot drift.
pub(crate) const DISCOVERY: &str = "/.well-known/openid-configuration";
pub(crate) const JWKS: &str = "/jwks";
pub(crate) const ROTATE_KEY: &str = "/dev/rotate-key";
pub(crate) const CLOCK: &str = "/dev/clock";
pub(crate) const AUTHORIZE: &str = "/authorize";
pub(crate) const SIGN_IN: &str = "/sign-in";
pub(crate) const CONSENT: &str = "/consent";
pub(crate) const TOKEN: &str = "/token";
pub(crate) const USERINFO: &str = "/userinfo";
pub(crate) const END_SESSION: &str = "/end-session";

pub(crate) fn router(idp: Arc<Idp>) -> Router {
    Router::new()
        .route(DISCOVERY, get(discovery::openid_configuration))
        .route(JWKS, get(jwks::jwks))
        .route(ROTATE_KEY, post(jwks::rotate_key))
        .route(CLOCK, post(clock::set_clock))
        .route(AUTHORIZE, get(authorize::authorize))
        .route(SIGN_IN, post(sign_in::sign_in))
        .route(CONSENT, post(consent::consent))
        .route(TOKEN, post(token::token))
        // OpenID Connect Core §5.3.1: UserInfo must accept GET and POST.
        .route(USERINFO, get(userinfo::userinfo).post(userinfo::userinfo))
        .route(END_SESSION, get(end_session::end_session))
        .layer(middleware::map_response_with_state(Arc::clone(&idp), clock::date_header))
        .with_state(idp)
}
