//! Failures: the catalogue users read, where a failure happened, the reference a user quotes,
//! and the failure the sign-in flow carries to the error log.

mod catalogue;
#[cfg(feature = "server")]
mod counts;
#[cfg(feature = "server")]
mod failure;
mod reference;
mod stage;

pub use catalogue::{Action, Entry, ErrorCode};
#[cfg(feature = "server")]
pub use counts::{CodeCounts, CodeTally};
#[cfg(feature = "server")]
pub use failure::{Failure, RequestInfo};
pub use reference::is_reference;
#[cfg(feature = "server")]
pub use reference::{new_reference, storage_failed};
pub use stage::Stage;
