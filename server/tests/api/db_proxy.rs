//! A TCP proxy between the app and PostgreSQL that a test can cut and restore, as a database
//! restart or a network outage would: cutting closes every open connection and the port.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct DbProxy {
    addr: SocketAddr,
    upstream: SocketAddr,
    /// The accepting task and one task per connection; aborting them closes the sockets.
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
    /// Set while cut, so that nothing accepted in the meantime gets through.
    down: Arc<AtomicBool>,
}

impl DbProxy {
    /// A proxy to the server `TEST_DATABASE_URL` names.
    pub async fn start() -> Self {
        let server = test_db::server_url();
        let host = server.host_str().expect("TEST_DATABASE_URL names a host").to_owned();
        let upstream = tokio::net::lookup_host((host, server.port().unwrap_or(5432)))
            .await
            .expect("resolve the PostgreSQL host")
            .next()
            .expect("an address for the PostgreSQL host");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let proxy = Self {
            addr: listener.local_addr().expect("proxy address"),
            upstream,
            tasks: Arc::default(),
            down: Arc::default(),
        };
        proxy.serve(listener);
        proxy
    }

    /// `database_url` with the proxy in place of the server.
    pub fn url_for(&self, database_url: &str) -> String {
        let mut url = url::Url::parse(database_url).expect("database URL");
        url.set_host(Some(&self.addr.ip().to_string())).expect("host");
        url.set_port(Some(self.addr.port())).expect("port");
        url.into()
    }

    /// The database is gone: open connections drop, new ones are refused.
    pub fn cut(&self) {
        self.down.store(true, Ordering::SeqCst);
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    /// The database is back, on the same address.
    pub async fn restore(&self) {
        let listener = TcpListener::bind(self.addr).await.expect("bind the proxy again");
        self.down.store(false, Ordering::SeqCst);
        self.serve(listener);
    }

    fn serve(&self, listener: TcpListener) {
        let (tasks, upstream, down) = (self.tasks.clone(), self.upstream, self.down.clone());
        let accepting = tokio::spawn({
            let tasks = tasks.clone();
            async move {
                while let Ok((mut client, _)) = listener.accept().await {
                    if down.load(Ordering::SeqCst) {
                        continue; // dropped: closed at once
                    }
                    let link = tokio::spawn(async move {
                        if let Ok(mut server) = TcpStream::connect(upstream).await {
                            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        }
                    });
                    tasks.lock().unwrap().push(link);
                }
            }
        });
        tasks.lock().unwrap().push(accepting);
    }
}

impl Drop for DbProxy {
    fn drop(&mut self) {
        self.cut();
    }
}
