//! Who is signed in, and the actions that change it: provided once by the app, read by
//! every page and component.

use super::api::{current_session, Login, Logout};
use super::Visitor;
use crate::errors::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct AuthContext {
    pub visitor: Resource<Result<Visitor, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
}

/// Provides the context for everything below the caller.
pub fn provide_auth_context() {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    // Refetched after every sign-out, so the header changes without a reload.
    let visitor = Resource::new(move || logout.version().get(), |_| current_session());
    provide_context(AuthContext { visitor, login, logout });
}

/// The context [`provide_auth_context`] provided.
pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}
