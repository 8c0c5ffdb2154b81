//! Where a sign-in ends: in the window that started it, or somewhere the app chose (a small
//! window that reports to the page that opened it, say). The app picks it when the sign-in starts;
//! the core keeps it with the pending sign-in and hands it back, unread, when the sign-in
//! finishes or fails. So the core never learns which windows the app has.

use serde::{Deserialize, Serialize};

/// The app's name for where a sign-in ends. The default is the window that started it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Landing(String);

impl Landing {
    /// The window that started the sign-in.
    pub const fn this_window() -> Self {
        Self(String::new())
    }

    pub fn named(name: &str) -> Self {
        Self(name.to_owned())
    }

    pub fn name(&self) -> &str {
        &self.0
    }
}
