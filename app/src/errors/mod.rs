//! Failures: the catalogue users read, the type server functions return, and (on the
//! server) the log the team reads.

mod catalogue;
#[cfg(feature = "ssr")]
pub mod log;

pub use catalogue::{Action, Entry, ErrorCode};

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Where in the sign-in journey a failure happened. Stored with each logged failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Authorize,
    Callback,
    Token,
    IdToken,
    Userinfo,
    Logout,
    Discovery,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Self::Authorize,
        Self::Callback,
        Self::Token,
        Self::IdToken,
        Self::Userinfo,
        Self::Logout,
        Self::Discovery,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Authorize => "authorize",
            Self::Callback => "callback",
            Self::Token => "token",
            Self::IdToken => "id_token",
            Self::Userinfo => "userinfo",
            Self::Logout => "logout",
            Self::Discovery => "discovery",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|stage| stage.as_str() == text)
    }
}

/// One logged failure, as the error log stores it and the team page shows it. The IdP's
/// `error_description` is untrusted text: pages render it as text (escaped), never as HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct LoggedError {
    pub reference: String,
    /// Unix seconds.
    pub occurred_at: i64,
    pub stage: String,
    pub code: String,
    pub error_description: Option<String>,
    pub issuer: Option<String>,
    pub request_path: String,
    pub user_agent: Option<String>,
    pub had_session: bool,
}

/// True for text shaped like a reference (`ABCD-2345`), so a page shows or looks up nothing else.
pub fn is_reference(text: &str) -> bool {
    text.len() == 9
        && text.char_indices().all(|(i, c)| if i == 4 { c == '-' } else { c.is_ascii_alphanumeric() })
}

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
