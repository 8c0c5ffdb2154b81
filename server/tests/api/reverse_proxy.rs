//! A reverse proxy in front of the site, standing where nginx would: it forwards each request
//! over HTTP and appends the address it came from to `X-Forwarded-For`, as `address:port`, the
//! way some proxies write it.

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

const X_FORWARDED_FOR: &str = "x-forwarded-for";
/// Headers about one connection, never forwarded (RFC 9110 §7.6.1), and lengths the next hop
/// sets again.
const HOP_BY_HOP: [header::HeaderName; 5] =
    [header::CONNECTION, header::HOST, header::TRANSFER_ENCODING, header::CONTENT_LENGTH, header::TE];

pub struct ReverseProxy {
    /// The proxy's own origin: the site's public one.
    pub origin: String,
    listener: Option<TcpListener>,
    server: Option<JoinHandle<()>>,
}

#[derive(Clone)]
struct Upstream {
    address: String,
    client: reqwest::Client,
}

impl ReverseProxy {
    /// Takes a port, so the site can be told its public origin before the proxy forwards to it.
    pub async fn bind() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let origin = format!("http://{}", listener.local_addr().expect("proxy address"));
        Self { origin, listener: Some(listener), server: None }
    }

    /// Forwards everything to the site at `upstream` (`http://host:port`).
    pub fn forward_to(&mut self, upstream: &str) {
        let listener = self.listener.take().expect("forwarding once");
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build();
        let upstream = Upstream { address: upstream.to_owned(), client: client.expect("client") };
        let app = Router::new().fallback(forward).with_state(upstream);
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        self.server = Some(tokio::spawn(async move {
            axum::serve(listener, service).await.expect("the proxy serves");
        }));
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

impl Drop for ReverseProxy {
    fn drop(&mut self) {
        if let Some(server) = &self.server {
            server.abort();
        }
    }
}

async fn forward(
    State(upstream): State<Upstream>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let mut headers = without_hop_by_hop(&parts.headers);
    let forwarded = match parts.headers.get(X_FORWARDED_FOR).and_then(|value| value.to_str().ok()) {
        Some(earlier) => format!("{earlier}, {client}"),
        None => client.to_string(),
    };
    headers.insert(X_FORWARDED_FOR, HeaderValue::from_str(&forwarded).expect("an address"));
    let path = parts.uri.path_and_query().map_or("/", |path| path.as_str());
    let sent = upstream
        .client
        .request(parts.method, format!("{}{path}", upstream.address))
        .headers(headers)
        .body(body)
        .send()
        .await;
    let Ok(answer) = sent else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let (status, headers) = (answer.status(), without_hop_by_hop(answer.headers()));
    let body = answer.bytes().await.unwrap_or_default();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

fn without_hop_by_hop(headers: &HeaderMap) -> HeaderMap {
    let mut headers = headers.clone();
    for name in HOP_BY_HOP {
        headers.remove(name);
    }
    headers
}
