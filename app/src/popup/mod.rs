//! Popup sign-in, the way Intastellar's SDKs do it, with the same server-side flow as a
//! redirect (state, nonce, PKCE, the confidential token exchange; tokens never reach the
//! browser).
//!
//! 1. [`opener::PopupSignIn`] opens a small named window and posts the ordinary sign-in
//!    form into it with `mode=popup`. Without JavaScript it is a plain redirect sign-in.
//! 2. The flow runs in the popup. The callback, or any failure, ends on [`page::PopupPage`]
//!    rather than on the destination or the error page.
//! 3. There [`reporter::PopupReporter`] tells the opener how it went ([`message`]); the opener
//!    acknowledges, and the popup closes. With no opener, or no answer, the popup goes on to
//!    where a redirect sign-in would have gone, so it is never left blank.
//! 4. The opener re-renders itself from the server ([`rerender`]): no reload, no flash of the
//!    signed-out page.

mod message;
pub mod opener;
pub mod page;
pub mod reporter;
mod rerender;

use crate::errors::ErrorCode;
use serde::{Deserialize, Serialize};

/// The popup's window name: a second click reuses the open window rather than adding one.
pub const WINDOW_NAME: &str = "intastellar-sign-in";

/// How a popup sign-in ended, as the popup reports it to the page that opened it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PopupOutcome {
    SignedIn,
    /// The catalogue code and the reference the failure was logged under.
    Failed {
        code: ErrorCode,
        reference: Option<String>,
    },
}
