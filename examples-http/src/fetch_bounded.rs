//! # fetch-bounded: many requests, at most C in flight
//!
//! The question every asyncio user asks after `gather`: how do I fetch 10,000
//! URLs without opening 10,000 sockets at once? In Python: an
//! `asyncio.Semaphore(C)` held around each fetch. In Rust: a stream of fetches
//! with `buffer_unordered(C)`, which keeps at most C of them running and starts
//! the next the moment one finishes. Nothing is spawned; `tokio::sync::Semaphore`
//! with `tokio::spawn` is the other way, when the work should use every core.
//!
//! Run it: `cargo run -p examples-http -- fetch-bounded [--requests N] [--concurrency C] [URL...]`
//!
//! You will see progress on stderr, then the rate. With no URLs, N requests of
//! 1 s each to the local server: ideal = ceil(N / C) × 1 s (10 s by default, not 200).

use std::time::Instant;

use anyhow::Result;
use futures::{StreamExt as _, stream};
use lesson::Ctx;

use crate::http::{HttpArgs, Targets, client, fetch, report};

/// How long the local server takes over each request, in lesson seconds.
const LATENCY: f64 = 1.0;

pub async fn run(cx: &Ctx<HttpArgs>) -> Result<()> {
    let HttpArgs { requests, concurrency, .. } = *cx.args();
    let millis = cx.secs(LATENCY).as_millis();
    let targets =
        Targets::new(cx, |server| vec![server.url(&format!("/delay/{millis}")); requests])?;
    let total = targets.urls.len();
    if targets.is_local() {
        cx.claim(total.div_ceil(concurrency) as f64 * LATENCY, total as f64 * LATENCY);
    }
    let client = &client(cx, &targets.urls)?;
    let started = Instant::now();
    // A lazy stream of fetches; `buffer_unordered` polls at most `concurrency`
    // of them at a time and yields each result as it finishes.
    let mut results = stream::iter(&targets.urls)
        .map(|url| async move { (url, fetch(client, url).await) })
        .buffer_unordered(concurrency);
    let (mut done, mut failed) = (0, 0);
    while let Some((url, result)) = results.next().await {
        done += 1;
        if result.is_err() {
            failed += 1;
            report(cx, url, &result);
        }
        if done % total.div_ceil(10) == 0 || done == total {
            eprintln!("{done}/{total} done");
        }
    }
    let secs = started.elapsed().as_secs_f64();
    cx.say(format!(
        "{total} requests, at most {concurrency} at a time: {:.0} requests per second",
        total as f64 / secs
    ));
    if let Some(server) = &targets.server {
        cx.say(format!(
            "the server counted at most {} requests in flight at once",
            server.max_in_flight()
        ));
    }
    targets.finish(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::Server;

    #[tokio::test]
    async fn never_more_than_c_in_flight() {
        let server = Server::start(1.0).unwrap();
        let urls = vec![server.url("/delay/20"); 60];
        let cx = Ctx::test_with(HttpArgs { urls, concurrency: 7, ..HttpArgs::default() }, 0);
        run(&cx).await.unwrap();
        // Counted by the server: at most 7, and enough to show they overlapped.
        assert!((2..=7).contains(&server.max_in_flight()), "{}", server.max_in_flight());
        assert!(cx.lines().last().unwrap().contains("60 requests, at most 7 at a time"));
    }

    #[tokio::test]
    async fn local_claim_is_rounds_times_latency() {
        let args = HttpArgs { requests: 45, concurrency: 10, ..HttpArgs::default() };
        let cx = Ctx::test_scaled(args, 0.1);
        run(&cx).await.unwrap();
        let claim = cx.claimed().unwrap();
        // ceil(45 / 10) = 5 rounds of 100 ms; one by one, 45 of them.
        assert_eq!((claim.ideal.as_millis(), claim.one_by_one.as_millis()), (500, 4500));
        assert!(cx.elapsed() >= claim.ideal);
        let last = cx.lines().pop().unwrap();
        assert!(
            last.ends_with("the server counted at most 10 requests in flight at once"),
            "{last}"
        );
    }
}
