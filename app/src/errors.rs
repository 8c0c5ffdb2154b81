//! The error every server function returns. It carries only a catalogue code and, when the
//! server logged the cause, the reference it logged it under: a server function can never
//! leak an internal message to the page.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use sign_in::errors::ErrorCode;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", .code.as_str())]
pub struct AppError {
    pub code: ErrorCode,
    pub reference: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode) -> Self {
        Self { code, reference: None }
    }

    /// Our storage failed. The cause goes to the server log under a fresh reference that the
    /// page shows (the error log itself is in the storage that failed).
    #[cfg(feature = "ssr")]
    pub fn database_unavailable(cause: &dyn std::fmt::Display) -> Self {
        let reference = sign_in::errors::storage_failed(cause);
        Self { code: ErrorCode::DatabaseUnavailable, reference: Some(reference) }
    }

    /// The status of a page that could not load because of this error: 503 while our storage
    /// is down (it comes back by itself), 500 for anything else.
    #[cfg(feature = "ssr")]
    pub fn page_status(&self) -> axum::http::StatusCode {
        match self.code {
            ErrorCode::DatabaseUnavailable => axum::http::StatusCode::SERVICE_UNAVAILABLE,
            _ => axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        // Transport and decoding problems: the request never reached our code.
        #[cfg(feature = "ssr")]
        tracing::warn!(%error, "server function failed outside our code");
        #[cfg(not(feature = "ssr"))]
        let _ = error;
        AppError::new(ErrorCode::Unknown)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn an_unavailable_database_gets_a_reference_and_a_503() {
        let error = AppError::database_unavailable(&"pool timed out");
        assert!(sign_in::errors::is_reference(error.reference.as_deref().expect("a reference")));
        assert_eq!(error.page_status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            AppError::new(ErrorCode::Unknown).page_status(),
            axum::http::StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
