//! HTTP endpoints, one module per protocol step.

mod authorize;
mod clock;
mod consent;
mod discovery;
mod end_session;
mod jwks;
mod refresh;
mod revoke;
mod sign_in;
mod token;
mod userinfo;

use std::sync::Arc;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

use crate::paths::{
    AUTHORIZE, CLOCK, CONSENT, DISCOVERY, END_SESSION, JWKS, REFRESHES, REVOKE, ROTATE_KEY, SIGN_IN, TOKEN,
    USERINFO,
};
use crate::same_origin;
use crate::state::Idp;

pub(crate) fn router(idp: Arc<Idp>) -> Router {
    // The test-only endpoints: for tools and tests, never for another site's page.
    let dev = Router::new()
        .route(ROTATE_KEY, post(jwks::rotate_key))
        .route(CLOCK, post(clock::set_clock))
        .route(REFRESHES, get(refresh::counts))
        .route_layer(middleware::from_fn_with_state(Arc::clone(&idp), same_origin::refuse_cross_site));
    Router::new()
        .merge(dev)
        .route(DISCOVERY, get(discovery::openid_configuration))
        .route(JWKS, get(jwks::jwks))
        .route(AUTHORIZE, get(authorize::authorize))
        .route(SIGN_IN, post(sign_in::sign_in))
        .route(CONSENT, post(consent::consent))
        .route(TOKEN, post(token::token))
        .route(REVOKE, post(revoke::revoke))
        // OpenID Connect Core §5.3.1: UserInfo must accept GET and POST.
        .route(USERINFO, get(userinfo::userinfo).post(userinfo::userinfo))
        .route(END_SESSION, get(end_session::end_session))
        .layer(middleware::map_response_with_state(Arc::clone(&idp), clock::date_header))
        .with_state(idp)
}
