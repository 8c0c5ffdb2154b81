//! The accept loop. axum::serve has no header-read timeout, so a client could hold a
//! connection open forever by sending a request a byte at a time; this loop serves with
//! hyper directly, and keeps what axum::serve gave us: TCP_NODELAY, the peer's address
//! (`ConnectInfo`) and a graceful shutdown. It also caps how many connections are open at
//! once, so no crowd of clients can make the server hold more sockets than it can afford.

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
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The connections the server may hold open at once, shared with whoever wants to know how
/// many are (the metrics).
#[derive(Clone, Debug)]
pub struct ConnectionSlots {
    free: Arc<Semaphore>,
    max: usize,
}

impl ConnectionSlots {
    pub fn new(max: usize) -> Self {
        Self { free: Arc::new(Semaphore::new(max.min(Semaphore::MAX_PERMITS))), max }
    }

    /// How many connections are open right now.
    pub fn open(&self) -> usize {
        self.max.saturating_sub(self.free.available_permits())
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then waits for the requests in
/// flight. Every connection must send each request's headers within `header_read_timeout`;
/// at most `slots.max` are open at once.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    header_read_timeout: Duration,
    slots: ConnectionSlots,
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
        // Past the cap, accept nothing until a connection closes: newcomers wait in the
        // kernel's queue (or time out there), and nothing of ours grows. The header-read and
        // body timeouts bound how long any connection keeps its slot while idle or slow.
        let slot = tokio::select! {
            slot = slots.free.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break, // Never closed; nothing left to serve if it were.
            },
            () = &mut shutdown => break,
        };
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
            drop(slot);
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
