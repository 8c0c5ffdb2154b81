//! The pieces of the server's state that server functions read. The server provides each
//! one as Leptos context (the sign-in core's `SignIn`, each feature's own piece), so a part
//! of the app reaches only what it needs and nothing here names a feature.

use crate::errors::AppError;
use sign_in::errors::ErrorCode;

/// The piece `T` of the server's state, or an error (never a panic) if it was not provided.
pub fn from_context<T: Clone + 'static>() -> Result<T, AppError> {
    leptos::prelude::use_context::<T>().ok_or_else(|| {
        tracing::error!(piece = std::any::type_name::<T>(), "missing from the Leptos context");
        AppError::new(ErrorCode::Unknown)
    })
}
