//! Throwaway databases for the tests: a SQLite file in a temporary folder, or a PostgreSQL
//! database of its own on the server `TEST_DATABASE_URL` names (default
//! `postgres://postgres@127.0.0.1:5432/postgres`). Either is removed when the test ends,
//! whether it passed or panicked.
//!
//! [`on_both_backends!`] turns a test written once, `async fn name(backend: Backend)`, into
//! a SQLite test and a PostgreSQL test. Without a PostgreSQL server the PostgreSQL tests
//! pass without running, after one line that says so; with `CI` set they fail instead.

use sqlx::{Connection, Executor, PgConnection};
use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Duration;
use url::Url;

const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";
/// Every test database is named `intastellar_test_<pid>_<n>`: unique per process and test,
/// and recognisable as left over once its process is gone.
const NAME_PREFIX: &str = "intastellar_test_";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for as long as this value.
pub struct TestDatabase {
    url: String,
    backend: Backend,
    /// Whichever applies: removed, or dropped, with this value.
    _folder: Option<tempfile::TempDir>,
    _database: Option<Dropper>,
}

impl TestDatabase {
    /// A fresh, empty database. For PostgreSQL, check [`postgres_available`] first.
    pub async fn create(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let folder = tempfile::tempdir().expect("a temporary folder");
                let url = format!("sqlite://{}/app.db", folder.path().display());
                Self { url, backend, _folder: Some(folder), _database: None }
            }
            Backend::Postgres => {
                let server = server_url();
                let mut admin = PgConnection::connect(server.as_str())
                    .await
                    .unwrap_or_else(|error| panic!("PostgreSQL at {}: {error}", shown(&server)));
                remove_leftovers(&mut admin).await;
                let name = unique_name();
                admin.execute(format!("CREATE DATABASE \"{name}\"").as_str()).await.expect("CREATE DATABASE");
                let mut url = server.clone();
                url.set_path(&name);
                let dropper = Dropper { server, name };
                Self { url: url.into(), backend, _folder: None, _database: Some(dropper) }
            }
        }
    }

    /// A fresh PostgreSQL database, or `None` when the PostgreSQL tests do not run here.
    pub async fn postgres() -> Option<Self> {
        if postgres_available() {
            Some(Self::create(Backend::Postgres).await)
        } else {
            None
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }
}

/// Drops its database, even from a panicking test. `Drop` cannot await, so the statement
/// runs on a runtime of its own, in a thread of its own.
struct Dropper {
    server: Url,
    name: String,
}

impl Drop for Dropper {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(drop_database(&server, &name)).map_err(std::io::Error::other)
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            // Never panic here: during a panic that would abort the test binary.
            let _ = writeln!(std::io::stderr(), "test_db: could not drop database {}", self.name);
        }
    }
}

async fn drop_database(server: &Url, name: &str) -> Result<(), sqlx::Error> {
    let mut admin = PgConnection::connect(server.as_str()).await?;
    // FORCE (PostgreSQL 13+) ends the connections the test's servers still hold.
    admin.execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str()).await?;
    admin.close().await
}

/// Drops the databases of test processes that were killed before they could clean up: once
/// per process, only where `/proc` tells which processes are alive, and only databases that
/// nobody is connected to (a test in another PID namespace may still be using its own).
async fn remove_leftovers(admin: &mut PgConnection) {
    static DONE: OnceLock<()> = OnceLock::new();
    if DONE.set(()).is_ok() && std::path::Path::new("/proc/self").exists() {
        drop_databases_of_dead_processes(admin).await;
    }
}

async fn drop_databases_of_dead_processes(admin: &mut PgConnection) {
    let pattern = format!("{}%", NAME_PREFIX.replace('_', "\\_"));
    let unused: Vec<(String,)> = sqlx::query_as(
        "SELECT datname FROM pg_database d WHERE datname LIKE $1
           AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)",
    )
    .bind(pattern)
    .fetch_all(&mut *admin)
    .await
    .unwrap_or_default();
    for (name,) in unused {
        let pid = name.trim_start_matches(NAME_PREFIX).split('_').next().unwrap_or_default();
        if !pid.is_empty() && !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            // Without FORCE: should someone have connected meanwhile, it stays.
            let _ = admin.execute(format!("DROP DATABASE IF EXISTS \"{name}\"").as_str()).await;
        }
    }
}

fn unique_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("{NAME_PREFIX}{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst))
}

/// The server tests create their databases on.
pub fn server_url() -> Url {
    let text = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_SERVER.to_owned());
    Url::parse(&text).unwrap_or_else(|error| panic!("TEST_DATABASE_URL is not a URL ({error})"))
}

/// True when the PostgreSQL tests can run. When they cannot, says so once (and fails the
/// calling test under CI, where skipping would hide a broken set-up).
pub fn postgres_available() -> bool {
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    let checked = CHECKED.get_or_init(|| {
        let server = server_url();
        let reached = reachable(&server);
        if let Err(problem) = &reached {
            if !in_ci() && first_to_say_so() {
                let _ = writeln!(
                    std::io::stderr(),
                    "PostgreSQL tests did not run: {problem}; set TEST_DATABASE_URL=postgres://… to run them"
                );
            }
        }
        reached
    });
    match checked {
        Ok(()) => true,
        Err(problem) if in_ci() => panic!("{problem}: CI runs the PostgreSQL tests, so it needs the server"),
        Err(_) => false,
    }
}

/// `cargo test` runs several test binaries, and each would say that PostgreSQL is missing:
/// only the first of one `cargo test` does, found by a marker named after that cargo
/// process (its pid and start time, which no later process shares). Elsewhere than Linux,
/// each binary says it.
#[cfg(unix)]
fn first_to_say_so() -> bool {
    let parent = std::os::unix::process::parent_id();
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{parent}/stat")) else { return true };
    // Field 22 is the start time; the name before it may hold spaces, but not ") ".
    let started = stat.rsplit(") ").next().and_then(|rest| rest.split(' ').nth(19)).unwrap_or_default();
    let marker = std::env::temp_dir().join(format!("test_db-no-postgres-{parent}-{started}"));
    std::fs::OpenOptions::new().write(true).create_new(true).open(marker).is_ok()
}

#[cfg(not(unix))]
fn first_to_say_so() -> bool {
    true
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

/// Whether anything listens where the URL points. A URL without a host (a Unix socket) is
/// left for the connection itself to judge.
fn reachable(server: &Url) -> Result<(), String> {
    let Some(host) = server.host_str() else { return Ok(()) };
    let port = server.port().unwrap_or(5432);
    let problem = || format!("no server at {host}:{port} (TEST_DATABASE_URL={})", shown(server));
    let addrs = (host, port).to_socket_addrs().map_err(|_| problem())?;
    for addr in addrs {
        if TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok() {
            return Ok(());
        }
    }
    Err(problem())
}

/// The URL without its password, for messages.
fn shown(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("redacted"));
    }
    shown.into()
}

/// For each `async fn name(backend: Backend)` listed, a module `name` with two tests:
/// `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($test:ident),+ $(,)?) => {$(
        mod $test {
            #[tokio::test]
            async fn sqlite() {
                super::$test($crate::Backend::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                if $crate::postgres_available() {
                    super::$test($crate::Backend::Postgres).await
                }
            }
        }
    )+};
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn table_count(url: &str) -> usize {
        let mut conn = PgConnection::connect(url).await.unwrap();
        let tables: Vec<(String,)> =
            sqlx::query_as("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                .fetch_all(&mut conn)
                .await
                .unwrap();
        tables.len()
    }

    async fn exists(name: &str) -> bool {
        let mut admin = PgConnection::connect(server_url().as_str()).await.unwrap();
        let found: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
            .bind(name)
            .fetch_optional(&mut admin)
            .await
            .unwrap();
        found.is_some()
    }

    #[tokio::test]
    async fn a_postgres_database_is_fresh_and_dropped_afterwards_even_after_a_panic() {
        let Some(db) = TestDatabase::postgres().await else { return };
        assert_eq!(table_count(db.url()).await, 0, "fresh and empty");
        let name = db.url().rsplit('/').next().unwrap().to_owned();
        assert!(exists(&name).await);
        // Panicking with the database (and an open connection to it) in hand.
        let url = db.url().to_owned();
        let conn = PgConnection::connect(&url).await.unwrap();
        let panicked = std::thread::spawn(move || {
            let _db = db;
            panic!("a failing test");
        })
        .join();
        assert!(panicked.is_err());
        assert!(!exists(&name).await, "dropped despite the panic and the open connection");
        drop(conn);
    }

    #[tokio::test]
    async fn a_sqlite_database_is_a_file_in_a_folder_removed_afterwards() {
        let db = TestDatabase::create(Backend::Sqlite).await;
        let path = std::path::PathBuf::from(db.url().trim_start_matches("sqlite://"));
        let folder = path.parent().unwrap().to_owned();
        assert!(folder.exists());
        drop(db);
        assert!(!folder.exists());
    }

    #[tokio::test]
    async fn databases_left_by_a_killed_run_are_dropped_and_live_ones_kept() {
        let Some(live) = TestDatabase::postgres().await else { return };
        let live_name = live.url().rsplit('/').next().unwrap().to_owned();
        // Above Linux's largest pid: no such process can be alive.
        let leftover = format!("{NAME_PREFIX}4000000000_0");
        let mut admin = PgConnection::connect(server_url().as_str()).await.unwrap();
        admin.execute(format!("DROP DATABASE IF EXISTS \"{leftover}\"").as_str()).await.unwrap();
        admin.execute(format!("CREATE DATABASE \"{leftover}\"").as_str()).await.unwrap();
        drop_databases_of_dead_processes(&mut admin).await;
        assert!(!exists(&leftover).await, "the killed run's database is gone");
        assert!(exists(&live_name).await, "this run's database stays");
    }

    #[test]
    fn names_are_unique_within_a_process() {
        assert_ne!(unique_name(), unique_name());
        assert!(unique_name().starts_with(&format!("{NAME_PREFIX}{}_", std::process::id())));
    }
}
