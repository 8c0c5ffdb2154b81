//! Complete sign-ins against the site and its development IdP, as many as the site takes,
//! each as a new person in a new browser: `POST /auth/login`, the IdP's sign-in page and
//! form, its consent form, the callback, and the first `/profile`. Every hop is real HTTP,
//! every response is checked, and each flow must end on its own user's profile under its own
//! session cookie.
//!
//!     sign-in-load <site origin> [--seconds 8] [--count N] [--concurrency 16 | --rate N]
//!                  [--first-user 1] [--cookie-file PATH]
//!
//! Two kinds of load:
//! - `--concurrency N` (the default, 16): N flows at once, each starting the next sign-in as soon
//!   as its last one ended. This finds the most sign-ins a second the site takes; their latency
//!   is then whatever N makes it (N ÷ rate, by Little's law).
//! - `--rate N`: a new sign-in every 1/N seconds, whether or not the earlier ones have ended, as
//!   independent visitors arrive. This gives the latency at that rate. Each flow's time counts
//!   from when it was due, so a site (or a generator) that falls behind shows in the figures.
//!
//! Runs for `--seconds`, or until `--count` sign-ins are done, and prints one line:
//! `sign_ins=… seconds=… per_second=… p50_ms=… p99_ms=…`. Users are `load-<n>` from
//! `--first-user` on. `--cookie-file` receives the last flow's `Cookie` header, for load
//! tests of signed-in pages. Any failed flow fails the run.

use dev_idp_driver::Driver;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{HeaderValue, ACCEPT, COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use reqwest::{Client, Method, Request, RequestBuilder, Response, StatusCode};
use std::collections::HashSet;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::Url;

struct Options {
    site: Url,
    seconds: Option<u64>,
    count: Option<u64>,
    load: Load,
    first_user: u64,
    cookie_file: Option<String>,
}

/// How the flows are started (see the module's comment).
#[derive(Clone, Copy)]
enum Load {
    /// This many flows at once, each starting its next sign-in when its last one ended.
    Closed { concurrency: usize },
    /// A new sign-in this many times a second.
    Open { per_second: u64 },
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("sign-in-load: {message}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("sign-in-load: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let site = args.next().ok_or("usage: sign-in-load <site origin> [options]")?;
    let site = Url::parse(&site).map_err(|error| format!("{site}: {error}"))?;
    let mut options = Options {
        site,
        seconds: None,
        count: None,
        load: Load::Closed { concurrency: 16 },
        first_user: 1,
        cookie_file: None,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || value.parse::<u64>().map_err(|_| format!("{flag}: not a number: {value}"));
        match flag.as_str() {
            "--seconds" => options.seconds = Some(number()?),
            "--count" => options.count = Some(number()?),
            "--concurrency" => options.load = Load::Closed { concurrency: number()?.clamp(1, 1024) as usize },
            "--rate" => options.load = Load::Open { per_second: number()?.clamp(1, 100_000) },
            "--first-user" => options.first_user = number()?,
            "--cookie-file" => options.cookie_file = Some(value),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if options.seconds.is_none() && options.count.is_none() {
        options.seconds = Some(8);
    }
    Ok(options)
}

/// What one flow ends with.
struct Done {
    took: Duration,
    cookie: String,
}

async fn run(options: Options) -> Result<String, String> {
    // One client, like one browser process: connections are kept alive between requests.
    // Cookies are per flow (see `Browser`), so each flow is a new visitor.
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|error| format!("HTTP client: {error}"))?;
    let last_user = options.count.map(|count| options.first_user + count);
    let deadline = options.seconds.map(|seconds| Instant::now() + Duration::from_secs(seconds));
    let plan =
        Plan { client, site: options.site.clone(), first_user: options.first_user, last_user, deadline };
    let started = Instant::now();
    let done = match options.load {
        Load::Closed { concurrency } => closed_loop(plan, concurrency).await?,
        Load::Open { per_second } => open_loop(plan, per_second).await?,
    };
    let elapsed = started.elapsed().as_secs_f64();

    let sessions: HashSet<&str> = done.iter().map(|flow| flow.cookie.as_str()).collect();
    if sessions.len() != done.len() {
        return Err(format!("{} sign-ins shared {} sessions", done.len(), sessions.len()));
    }
    if let (Some(path), Some(last)) = (&options.cookie_file, done.last()) {
        std::fs::write(path, &last.cookie).map_err(|error| format!("{path}: {error}"))?;
    }
    let mut took: Vec<Duration> = done.iter().map(|flow| flow.took).collect();
    took.sort_unstable();
    let percentile = |p: f64| {
        let index = ((took.len() as f64 * p).ceil() as usize).saturating_sub(1);
        took.get(index).map_or(0.0, |took| took.as_secs_f64() * 1000.0)
    };
    Ok(format!(
        "sign_ins={} seconds={elapsed:.2} per_second={:.0} p50_ms={:.1} p99_ms={:.1}",
        done.len(),
        done.len() as f64 / elapsed,
        percentile(0.50),
        percentile(0.99),
    ))
}

/// What every flow of a run shares.
struct Plan {
    client: Client,
    site: Url,
    first_user: u64,
    /// The first user not to sign in, with `--count`.
    last_user: Option<u64>,
    deadline: Option<Instant>,
}

impl Plan {
    /// Whether a sign-in as `user`, starting now, is still part of the run.
    fn wants(&self, user: u64) -> bool {
        !self.deadline.is_some_and(|deadline| Instant::now() >= deadline)
            && !self.last_user.is_some_and(|last| user >= last)
    }

    /// One flow as `load-<user>`, timed from `due`.
    async fn flow(&self, user: u64, due: Instant) -> Result<Done, String> {
        let cookie =
            sign_in(&self.client, &self.site, user).await.map_err(|e| format!("load-{user}: {e}"))?;
        Ok(Done { took: due.elapsed(), cookie })
    }
}

/// `concurrency` flows, each one sign-in after another.
async fn closed_loop(plan: Plan, concurrency: usize) -> Result<Vec<Done>, String> {
    let plan = Arc::new(plan);
    let next_user = Arc::new(AtomicU64::new(plan.first_user));
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (plan, next_user) = (plan.clone(), next_user.clone());
            tokio::spawn(async move {
                let mut done = Vec::new();
                loop {
                    let user = next_user.fetch_add(1, Ordering::Relaxed);
                    if !plan.wants(user) {
                        break;
                    }
                    done.push(plan.flow(user, Instant::now()).await?);
                }
                Ok::<_, String>(done)
            })
        })
        .collect();
    let mut done = Vec::new();
    for worker in workers {
        done.extend(worker.await.map_err(|error| format!("worker: {error}"))??);
    }
    Ok(done)
}

/// A sign-in started every 1/`per_second` seconds; each one's time counts from when it was due.
async fn open_loop(plan: Plan, per_second: u64) -> Result<Vec<Done>, String> {
    let plan = Arc::new(plan);
    // A tick that comes late (a busy generator) fires at once, still carrying the time it was due.
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / per_second as f64));
    let mut flows = tokio::task::JoinSet::new();
    let mut user = plan.first_user;
    loop {
        let due = ticks.tick().await;
        if !plan.wants(user) {
            break;
        }
        let plan = plan.clone();
        flows.spawn(async move { plan.flow(user, due.into_std()).await });
        user += 1;
    }
    let mut done = Vec::new();
    while let Some(flow) = flows.join_next().await {
        done.push(flow.map_err(|error| format!("flow: {error}"))??);
    }
    Ok(done)
}

/// One sign-in as `load-<user>`, checked hop by hop; returns the session's `Cookie` header.
async fn sign_in(client: &Client, site: &Url, user: u64) -> Result<String, String> {
    let browser = Browser { client, jar: Jar::default() };
    let login = site.join("/auth/login").map_err(|e| e.to_string())?;
    let response = browser.post(&login, &[("return_to", "/profile")]).await?;
    let authorize = redirect_target(&response)?;

    // The development IdP's issuer is its origin.
    let idp = Driver::new(&browser, &authorize.origin().ascii_serialization()).map_err(|e| e.to_string())?;
    let user_id = format!("load-{user}");
    let callback = idp.sign_in(authorize, &user_id, "").await.map_err(|e| format!("at the IdP: {e}"))?;

    let response = browser.get(&callback).await?;
    let profile = redirect_target(&response)?;
    if profile.path() != "/profile" {
        return Err(format!("the callback sent the browser to {profile}"));
    }
    let page = browser.page(&profile).await?;
    if !page.contains(&format!("user-{user_id}")) {
        return Err("the profile does not show the user who signed in".into());
    }
    browser.cookies(site).ok_or_else(|| "no session cookie".to_owned())
}

/// A browser of one visitor: its own cookies, `Accept: text/html`, and `Origin` on posts.
struct Browser<'a> {
    client: &'a Client,
    jar: Jar,
}

impl Browser<'_> {
    async fn page(&self, url: &Url) -> Result<String, String> {
        let response = self.get(url).await?;
        expect_ok(response, url.path()).await
    }

    async fn get(&self, url: &Url) -> Result<Response, String> {
        self.fetch(self.client.get(url.clone())).await
    }

    async fn post(&self, url: &Url, form: &[(&str, &str)]) -> Result<Response, String> {
        self.fetch(self.client.post(url.clone()).form(form)).await
    }

    async fn fetch(&self, request: RequestBuilder) -> Result<Response, String> {
        let request = request.build().map_err(|error| error.to_string())?;
        let path = request.url().path().to_owned();
        dev_idp_driver::Browser::send(self, request).await.map_err(|error| format!("{path}: {error}"))
    }

    fn cookies(&self, url: &Url) -> Option<String> {
        self.jar.cookies(url).and_then(|value: HeaderValue| value.to_str().ok().map(str::to_owned))
    }
}

/// Every request, ours and the IdP driver's, goes out as this visitor's browser sends it.
/// Every form here is posted from a page of the same origin, so that is the `Origin`.
impl dev_idp_driver::Browser for Browser<'_> {
    async fn send(&self, request: Request) -> reqwest::Result<Response> {
        let (url, post) = (request.url().clone(), request.method() == Method::POST);
        let mut request =
            RequestBuilder::from_parts(self.client.clone(), request).header(ACCEPT, "text/html");
        if let Some(cookies) = self.cookies(&url) {
            request = request.header(COOKIE, cookies);
        }
        if post {
            request = request.header(ORIGIN, url.origin().ascii_serialization());
        }
        let response = request.send().await?;
        self.jar.set_cookies(&mut response.headers().get_all(SET_COOKIE).iter(), response.url());
        Ok(response)
    }
}

async fn expect_ok(response: Response, what: &str) -> Result<String, String> {
    let status = response.status();
    if status != StatusCode::OK {
        return Err(format!("{what} answered {status}"));
    }
    response.text().await.map_err(|error| format!("{what}: {error}"))
}

/// Where a redirect goes, resolved against the URL it came from.
fn redirect_target(response: &Response) -> Result<Url, String> {
    let location = response
        .headers()
        .get(LOCATION)
        .filter(|_| response.status().is_redirection())
        .and_then(|location| location.to_str().ok())
        .ok_or_else(|| format!("{} answered {}, not a redirect", response.url().path(), response.status()))?;
    response.url().join(location).map_err(|error| format!("redirect to {location}: {error}"))
}
