//! HTTP endpoints, one module per protocol step.

mod authorize;
mod clock;
mod consent;
mod discovery;
mod end_session;
mod jwks;
mod logout_token;
mod refresh;
mod revoke;
mod session;
mod sign_in;
mod token;
mod userinfo;

use std::sync::Arc;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

use crate::paths::{
    AUTHORIZE, CLOCK, CONSENT, DISCOVERY, END_SESSION, JWKS, LOGOUT_TOKEN, REFRESHES, REVOKE, ROTATE_KEY,
    SESSION, SIGN_IN, SIGN_OUT_EVERYWHERE, TOKEN, USERINFO,
};
use crate::same_origin;
use crate::state::Idp;

pub(crate) fn router(idp: Arc<Idp>) -> Router {
    // The test-only endpoints: for tools and tests, never for another site's page.
    let dev = Router::new()
        .route(ROTATE_KEY, post(jwks::rotate_key))
        .route(CLOCK, post(clock::set_clock))
        .route(REFRESHES, get(refresh::counts))
        .route(LOGOUT_TOKEN, get(logout_token::logout_token))
        // Ends sessions in other browsers: another site's page must not make anyone post it.
        .route(SIGN_OUT_EVERYWHERE, post(session::sign_out_everywhere))
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
        .route(SESSION, get(session::session))
        .layer(middleware::map_response_with_state(Arc::clone(&idp), clock::date_header))
        .with_state(idp)
}
