//! The scheme and host the browser used to reach this site: what a check of the site's
//! address compares with `APP_BASE_URL` (the troubleshooting page's does).

/// The scheme and host the browser used to reach this site. The server works it out for
/// every request, from a trusted proxy's `X-Forwarded-Proto` and `X-Forwarded-Host` or else
/// from the request itself, and leaves it in the request's extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowserAddress {
    pub scheme: String,
    /// `host[:port]`, as the `Host` header carries it.
    pub host: Option<String>,
}

impl BrowserAddress {
    /// The origin this address stands for, if it reads as one.
    pub fn origin(&self) -> Option<url::Origin> {
        let host = self.host.as_deref().filter(|host| !host.contains(['/', '?', '#', '@']))?;
        let url = url::Url::parse(&format!("{}://{host}", self.scheme)).ok()?;
        Some(url.origin()).filter(url::Origin::is_tuple)
    }
}
