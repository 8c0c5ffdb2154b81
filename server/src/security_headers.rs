//! The headers a security reviewer expects, on every response, from one middleware: a
//! Content-Security-Policy whose nonce is fresh per request and carried by every script the
//! page has, `nosniff`, a referrer policy, a cross-origin opener policy, no caching of
//! anything that depends on the session (the static files get theirs from [`SiteFiles`]),
//! and HSTS when the site is served over https.

use crate::config::Config;
use crate::site_files::SiteFiles;
use app::paths;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::config::LeptosOptions;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use sign_in::oidc::OidcClient;
use std::sync::Arc;

const HSTS: &str = "max-age=63072000; includeSubDomains";

const CROSS_ORIGIN_OPENER_POLICY: HeaderName = HeaderName::from_static("cross-origin-opener-policy");
/// Another site's window that opened one of ours loses its handle on it, so it can neither
/// steer it nor reach the popups it opens; the popups we open keep theirs on us.
const SAME_ORIGIN_ALLOW_POPUPS: HeaderValue = HeaderValue::from_static("same-origin-allow-popups");

#[derive(Clone)]
pub struct SecurityHeaders {
    oidc: Arc<OidcClient>,
    hsts: bool,
    /// The folder of the site's own JavaScript, e.g. `https://app.example.com/pkg/`. Leptos'
    /// `<link rel="modulepreload">` for the bundle has no nonce attribute, so the folder is
    /// allowed by path; every inline script still needs the nonce.
    bundle: String,
    /// `connect-src` for cargo-leptos' live-reload websocket; only under `cargo leptos watch`.
    live_reload: Option<String>,
    /// The files under the site root: the only responses that do not depend on the session,
    /// and so the only ones a browser or proxy may keep.
    site_files: Arc<SiteFiles>,
}

impl SecurityHeaders {
    pub fn new(
        config: &Config,
        options: &LeptosOptions,
        oidc: Arc<OidcClient>,
        site_files: Arc<SiteFiles>,
    ) -> Self {
        let live_reload = config.live_reload.then(|| {
            let host = config.base_url.host_str().unwrap_or("127.0.0.1");
            let port = options.reload_external_port.unwrap_or(options.reload_port);
            format!("connect-src 'self' ws://{host}:{port} wss://{host}:{port}")
        });
        let origin = config.base_url.origin().ascii_serialization();
        Self {
            oidc,
            hsts: config.base_url.scheme() == "https",
            bundle: format!("{origin}/{}/", options.site_pkg_dir),
            live_reload,
            site_files,
        }
    }

    async fn content_security_policy(&self, nonce: &Nonce) -> Option<HeaderValue> {
        // Chromium checks form-action on the redirects after a form post too: signing in
        // and out post to us and are redirected to the IdP.
        let mut form_action = String::from("'self'");
        for origin in self.oidc.browser_origins().await {
            form_action.push(' ');
            form_action.push_str(&origin);
        }
        let bundle = &self.bundle;
        let mut policy = format!(
            "default-src 'self'; script-src 'nonce-{nonce}' 'wasm-unsafe-eval' {bundle}; base-uri 'none'; \
             object-src 'none'; frame-ancestors 'none'; form-action {form_action}"
        );
        if let Some(connect) = &self.live_reload {
            policy.push_str("; ");
            policy.push_str(connect);
        }
        HeaderValue::try_from(policy).ok()
    }
}

/// Makes the request's nonce, hands it to Leptos through the request's extensions (see
/// [`provide_nonce`]) and sets the headers on whatever answers.
pub async fn add(State(policy): State<SecurityHeaders>, mut request: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;

    let csp = policy.content_security_policy(&nonce).await;
    let is_page = !response.status().is_redirection();
    let headers = response.headers_mut();
    match csp {
        Some(csp) => headers.insert(header::CONTENT_SECURITY_POLICY, csp),
        // Only an IdP origin that is not a valid header could get here: block everything.
        None => {
            headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'"))
        }
    };
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // On pages only. Browsers weigh a redirect's policy too, and the callback's, met by a
    // popup on its way back from the IdP, would cut the popup off from the page that opened
    // it. A page that must keep its opener (the popup's own) sets its own policy.
    if is_page && !headers.contains_key(CROSS_ORIGIN_OPENER_POLICY) {
        headers.insert(CROSS_ORIGIN_OPENER_POLICY, SAME_ORIGIN_ALLOW_POPUPS);
    }
    // The callback's URL holds the authorization code: never send it on, not even to us. The
    // other sign-in pages tell no other site where the visitor was (the error page's URL holds
    // a reference), but keep their own origin, or their forms would post as `Origin: null`,
    // which the same-origin check refuses.
    let referrer = if path == paths::AUTH_CALLBACK {
        "no-referrer"
    } else if paths::is_auth_path(&path) {
        "same-origin"
    } else {
        "strict-origin-when-cross-origin"
    };
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static(referrer));
    // Every page shows who is signed in, so only the static files may be cached.
    match policy.site_files.cache_control(&path) {
        Some(cache_control) => {
            headers.insert(header::CACHE_CONTROL, cache_control);
            // The same URL is sent gzipped or plain (static files as brotli too): a shared cache
            // must tell them apart.
            headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        None => {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
    if policy.hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    response
}

/// Leptos' additional context for rendering: replaces the nonce leptos_axum made (it runs
/// after leptos_axum's own contexts) with the one in the header.
pub fn provide_nonce() {
    if let Some(nonce) = use_context::<Parts>().and_then(|parts| parts.extensions.get::<Nonce>().cloned()) {
        provide_context(nonce);
    }
}
