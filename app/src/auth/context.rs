//! Who is signed in: read once per request, by the app, for the header and the page alike.

use super::api::current_session;
use crate::errors::AppError;
use leptos::prelude::*;
use sign_in::Visitor;

#[derive(Clone, Copy)]
pub struct AuthContext {
    pub visitor: Resource<Result<Visitor, AppError>>,
}

/// Provides the context for everything below the caller.
pub fn provide_auth_context() {
    let visitor = Resource::new(|| (), |_| current_session());
    provide_context(AuthContext { visitor });
}

/// The context [`provide_auth_context`] provided.
pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}
