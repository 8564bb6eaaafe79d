//! What the HTTP lessons share: their options, the one way a client is made,
//! `fetch`, a failure said in one line, and where the URLs come from.

use std::time::Duration;

use anyhow::{Context as _, Result, ensure};
use lesson::{Args, say, secs, value};
use reqwest::{Client, Url};

use crate::server::Server;

/// The options the HTTP lessons add to the shared ones.
#[derive(Debug, Clone)]
pub struct HttpArgs {
    /// URLs to fetch instead of the local server's.
    pub urls: Vec<String>,
    /// Give up on a request after this long.
    pub timeout: Duration,
    /// fetch-bounded: how many requests.
    pub requests: usize,
    /// fetch-bounded: how many in flight at most.
    pub concurrency: usize,
}

impl Default for HttpArgs {
    fn default() -> Self {
        Self { urls: Vec::new(), timeout: Duration::from_secs(10), requests: 200, concurrency: 20 }
    }
}

impl Args for HttpArgs {
    const POSITIONAL: &'static str = "[URL...]";
    const HELP: &'static str = "  \
        --timeout SECS     give up on a request after SECS, SECS > 0 (default 10)\n  \
        --requests N       fetch-bounded, with no URLs: how many requests, N >= 1 (default 200)\n  \
        --concurrency C    fetch-bounded: at most C in flight, C >= 1 (default 20)\n  \
        URL...             fetch these (http or https) instead of the local pages\n";

    fn flag(&mut self, name: &str, parser: &mut lesson::lexopt::Parser) -> Result<bool> {
        let at_least_1 = |n: &usize| *n >= 1;
        match name {
            "timeout" => {
                let secs =
                    value(parser, "--timeout", "a number of seconds greater than 0", |s: &f64| {
                        *s > 0.0 && *s < 1e9
                    })?;
                self.timeout = Duration::from_secs_f64(secs);
            }
            "requests" => {
                self.requests = value(parser, "--requests", "a whole number from 1", at_least_1)?
            }
            "concurrency" => {
                self.concurrency =
                    value(parser, "--concurrency", "a whole number from 1", at_least_1)?
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn positional(&mut self, url: String) -> Result<bool> {
        self.urls.push(url);
        Ok(true)
    }
}

/// The one way the lessons make a client.
pub fn client(args: &HttpArgs, urls: &[String]) -> Result<Client> {
    // rustls does its cryptography with `ring` here (see Cargo.toml). Installing
    // it a second time fails harmlessly, so every client can come through here.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let builder = || Client::builder().timeout(args.timeout);
    if urls.iter().all(|url| url.starts_with("http://127.0.0.1:")) {
        // Only our own server: no proxy, and no TLS roots. Loading the system's
        // CA store costs time and fails on a machine that has none.
        return builder().no_proxy().tls_certs_only([]).build().context("building the HTTP client");
    }
    builder().build().or_else(|err| {
        // No CA store here: plain http still works, and each https URL fails on its own line.
        eprintln!("warning: {}; https URLs cannot be verified", reason(&err, args.timeout));
        builder().tls_certs_only([]).build().context("building the HTTP client")
    })
}

/// GET `url` and decode its body as UTF-8 text; a status outside 2xx is an error.
/// The tutorial's `async def fetch(session, url)`.
pub async fn fetch(client: &Client, url: &str) -> reqwest::Result<String> {
    client.get(url).send().await?.error_for_status()?.text().await
}

/// One line about a fetch: `Fetched <url>, Length: <n> characters` or `Failed <url>: <why>`.
/// Characters, as Python's `len(text)` counts: a page with `é` or `☕` has more bytes.
pub fn report(url: &str, result: &reqwest::Result<String>, timeout: Duration) {
    match result {
        Ok(text) => say!("Fetched {url}, Length: {} characters", text.chars().count()),
        Err(err) => say!("Failed {url}: {}", reason(err, timeout)),
    }
}

/// Why a request failed, in a few words, without repeating the URL.
fn reason(err: &reqwest::Error, timeout: Duration) -> String {
    if err.is_timeout() {
        return format!("no answer within {timeout:?}");
    }
    if let Some(status) = err.status() {
        return format!("HTTP {status}");
    }
    // The deepest cause says what happened: "Connection refused (os error 111)", a DNS failure...
    let mut cause: &dyn std::error::Error = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    if err.is_connect() { format!("could not connect: {cause}") } else { cause.to_string() }
}

/// Make sure `concurrency` requests can be open at once: each holds a socket, and
/// with the local server, the server's end too. Raises the soft limit on open
/// files toward the hard one when that is enough (as Go's runtime does at start);
/// otherwise says in one line what to do (exit status 2), instead of letting
/// requests time out.
pub fn enough_open_files(concurrency: usize, local: bool) -> Result<()> {
    #[cfg(unix)]
    {
        use rlimit::Resource;
        let per_request = if local { 2 } else { 1 };
        let wanted = (concurrency as u64).saturating_mul(per_request).saturating_add(32);
        let (soft, hard) = rlimit::getrlimit(Resource::NOFILE).context("reading `ulimit -n`")?;
        if soft >= wanted {
            return Ok(());
        }
        if hard >= wanted {
            return rlimit::setrlimit(Resource::NOFILE, wanted, hard)
                .context("raising `ulimit -n`");
        }
        let most = hard.saturating_sub(32) / per_request;
        let advice = if most >= 1 {
            format!("lower --concurrency to {most} or less, or raise the hard limit")
        } else {
            "raise the hard limit (`ulimit -Hn`)".to_owned()
        };
        Err(lesson::BadInput(format!(
            "--concurrency {concurrency} needs about {wanted} open files and `ulimit -n` allows \
             at most {hard} here: {advice}"
        ))
        .into())
    }
    #[cfg(not(unix))]
    {
        let _ = (concurrency, local);
        Ok(())
    }
}

/// The URLs a lesson fetches, and the server that serves them when it is ours.
#[derive(Debug)]
pub struct Targets {
    pub urls: Vec<String>,
    /// Ours, when the user gave no URLs; it stops when this is dropped.
    pub server: Option<Server>,
    rejected: usize,
}

impl Targets {
    /// The user's URLs, or else `local(server)` on a server started here.
    pub fn new(args: &HttpArgs, local: impl FnOnce(&Server) -> Vec<String>) -> Result<Self> {
        if args.urls.is_empty() {
            let server = Server::start(secs(1.0).as_secs_f64())?;
            return Ok(Self { urls: local(&server), server: Some(server), rejected: 0 });
        }
        // Every URL is checked before any request is sent: a typo costs no traffic.
        let mut targets = Self { urls: Vec::new(), server: None, rejected: 0 };
        for raw in &args.urls {
            match Url::parse(raw) {
                Ok(url) if matches!(url.scheme(), "http" | "https") => {
                    targets.urls.push(raw.clone())
                }
                Ok(url) => say!("Failed {raw}: {}: is not http or https", url.scheme()),
                Err(err) => say!("Failed {raw}: not a URL: {err}"),
            }
        }
        targets.rejected = args.urls.len() - targets.urls.len();
        Ok(targets)
    }

    pub fn is_local(&self) -> bool {
        self.server.is_some()
    }

    /// The lesson's outcome after `sent` requests: an error (and so exit status 1)
    /// if any failed.
    pub fn finish(&self, failed: usize, sent: usize) -> Result<()> {
        let (failed, all) = (failed + self.rejected, sent + self.rejected);
        let what = if self.is_local() { "requests" } else { "URLs" };
        ensure!(failed == 0, "{failed} of {all} {what} failed");
        Ok(())
    }
}
