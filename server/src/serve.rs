//! The accept loop. axum::serve has no header-read timeout, so a client could hold a
//! connection open forever by sending a request a byte at a time; this loop serves with
//! hyper directly, and keeps what axum::serve gave us: TCP_NODELAY, the peer's address
//! (`ConnectInfo`) and a graceful shutdown.

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io::ErrorKind;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// Serves `router` on `listener` until `shutdown` completes, then waits for the requests in
/// flight. Every connection must send each request's headers within `header_read_timeout`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    // HTTP/1 only, as axum::serve did: detecting HTTP/2 first reads the preface with no
    // timeout, which would let a silent connection stay open. Browsers speak HTTP/2 only
    // over TLS, which the proxy in front ends anyway.
    let mut builder = auto::Builder::new(TokioExecutor::new()).http1_only();
    builder.http1().timer(TokioTimer::new()).header_read_timeout(header_read_timeout);
    let connections = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    accept_failed(error).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Leptos streams a page in several writes; without TCP_NODELAY, Nagle's algorithm
        // and delayed ACKs hold each response for ~40 ms.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::warn!(%error, "could not set TCP_NODELAY");
        }
        let service = router.clone().map_request(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)).into_owned();
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            // A client that goes away or times out ends here: nothing for the operator.
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection closed with an error");
            }
        });
    }
    drop(listener);
    connections.shutdown().await;
}

async fn accept_failed(error: std::io::Error) {
    // A client that gave up before we accepted is no problem of ours.
    if matches!(error.kind(), ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset) {
        return;
    }
    // Most likely out of file descriptors: wait for some to close rather than spin.
    tracing::error!(%error, "could not accept a connection");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
