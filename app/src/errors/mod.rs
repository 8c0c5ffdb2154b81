//! Failures: the catalogue users read, where a failure happened, the error server functions
//! return, and the failure the sign-in flow carries to the error log.

mod catalogue;
#[cfg(feature = "ssr")]
mod failure;
mod reference;
mod stage;

pub use catalogue::{Action, Entry, ErrorCode};
#[cfg(feature = "ssr")]
pub use failure::{Failure, RequestInfo};
pub use reference::is_reference;
#[cfg(feature = "ssr")]
pub use reference::new_reference;
pub use stage::Stage;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The error every server function returns. It carries only a catalogue code, so a server
/// function can never leak an internal message to the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", .0.entry().title)]
pub struct AppError(pub ErrorCode);

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        // Transport and decoding problems: the request never reached our code.
        #[cfg(feature = "ssr")]
        tracing::warn!(%error, "server function failed outside our code");
        #[cfg(not(feature = "ssr"))]
        let _ = error;
        AppError(ErrorCode::Unknown)
    }
}
