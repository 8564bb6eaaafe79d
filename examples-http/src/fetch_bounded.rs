//! # fetch-bounded: many requests, at most C in flight
//!
//! Run it: `cargo run -p examples-http -- fetch-bounded [--requests N] [--concurrency C] [URL...]`
//! Its asyncio twin: `python/fetch_bounded.py`, run beside it by
//! `cargo xtask compare fetch-bounded`.
//!
//! The question every asyncio user asks after `gather`: how do I fetch 10,000
//! URLs without opening 10,000 sockets at once? In asyncio: an
//! `asyncio.Semaphore(C)` held around each fetch. In Rust: a stream of fetches
//! with `buffer_unordered(C)`, which keeps at most C of them running and starts
//! the next the moment one finishes. Nothing is spawned; `tokio::sync::Semaphore`
//! with `tokio::spawn` is the other way, when the work should use every core.
//!
//! The stream is lazy: each request is made when there is room for it, so memory
//! grows with C, not with N. Ctrl-C stops the run and says how far it got.
//!
//! You will see progress on stderr, then the rate. With no URLs, N requests of
//! 1 s each to the local server: ideal = ceil(N / C) × 1 s (10 s by default, not 200).

use std::time::Instant;

use anyhow::{Result, bail};
use futures::{StreamExt as _, stream};
use lesson::{claim, say, secs, warn};

use crate::http::{HttpArgs, Targets, client, enough_open_files, fetch, report};

/// How long the local server takes over each request, in lesson seconds.
const LATENCY: f64 = 1.0;

pub async fn run(args: HttpArgs) -> Result<()> {
    let HttpArgs { requests, concurrency, .. } = args;
    let delay = format!("/delay/{}", secs(LATENCY).as_millis());
    let targets = Targets::new(&args, |server| vec![server.url(&delay)])?;
    // The local server's one URL, `requests` times; or each URL given, once.
    let total = if targets.is_local() { requests } else { targets.urls.len() };
    let lower = |most| format!("lower --concurrency to {most} or less");
    enough_open_files(
        concurrency,
        targets.is_local(),
        &format!("--concurrency {concurrency}"),
        lower,
    )?;
    if targets.is_local() {
        claim(total.div_ceil(concurrency) as f64 * LATENCY, total as f64 * LATENCY);
    }
    // References, which each `async move` below copies.
    let (client, args) = (&client(&args, &targets.urls)?, &args);
    let started = Instant::now();
    // A lazy stream of fetches; `buffer_unordered` polls at most `concurrency`
    // of them at a time and yields each result as it finishes.
    let mut results = stream::iter(0..total)
        .map(|i| {
            let url = &targets.urls[i % targets.urls.len()];
            async move { (url, fetch(client, url, args).await) }
        })
        .buffer_unordered(concurrency);
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let (mut done, mut failed) = (0, 0);
    loop {
        // Whichever comes first: the next result, or Ctrl-C.
        let (url, result) = tokio::select! {
            next = results.next() => match next {
                Some(next) => next,
                None => break,
            },
            _ = &mut ctrl_c => bail!("interrupted after {done} of {total} requests"),
        };
        done += 1;
        if result.is_err() {
            failed += 1;
            report(url, &result);
        }
        if done % total.div_ceil(10) == 0 || done == total {
            // Progress on stderr: `eprintln!` in your own program.
            warn!("{done}/{total} done");
        }
    }
    let rate = total as f64 / started.elapsed().as_secs_f64();
    say!("{total} requests, at most {concurrency} at a time: {rate:.0} requests per second");
    if let Some(server) = &targets.server {
        let most = server.max_in_flight();
        say!("the server counted at most {most} requests in flight at once");
    }
    targets.finish(failed, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::Server;

    #[tokio::test]
    async fn never_more_than_c_in_flight() {
        let server = Server::start(1.0).unwrap();
        let urls = vec![server.url("/delay/20"); 60];
        let recording = lesson::test();
        run(HttpArgs { urls, concurrency: 7, ..HttpArgs::default() }).await.unwrap();
        // Counted by the server: at most 7, and enough to show they overlapped.
        assert!((2..=7).contains(&server.max_in_flight()), "{}", server.max_in_flight());
        assert!(recording.lines().last().unwrap().contains("60 requests, at most 7 at a time"));
    }

    #[tokio::test]
    async fn local_claim_is_rounds_times_latency() {
        let recording = lesson::test_scaled(0.1);
        run(HttpArgs { requests: 45, concurrency: 10, ..HttpArgs::default() }).await.unwrap();
        let lines = recording.lines();
        // ceil(45 / 10) = 5 rounds of 100 ms; one by one, 45 of them.
        let claim = "claim: ideal 5.000s, one by one 45.000s; at --scale 0.1: ideal 0.500s, one by one 4.500s";
        assert_eq!(lines[0], claim);
        assert!(recording.elapsed() >= recording.claim().ideal);
        let last = lines.last().unwrap();
        assert!(
            last.ends_with("the server counted at most 10 requests in flight at once"),
            "{last}"
        );
    }
}
