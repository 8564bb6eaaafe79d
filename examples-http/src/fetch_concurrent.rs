//! # fetch-concurrent: the same pages, all at once
//!
//! Run it: `cargo run -p examples-http -- fetch-concurrent [URL...]`
//! (`--timeout SECS` bounds each request; a failed URL never loses the others.)
//! Its asyncio twin: `python/fetch_concurrent.py`, run beside it by
//! `cargo xtask compare fetch-concurrent`.
//!
//! The asyncio program: `aiohttp.ClientSession()` and `asyncio.gather` over one `fetch`
//! per URL; each prints `Fetched <url>, Length: <n> characters` as it finishes.
//! The four pages take about as long as the slowest one (about 1 s instead of
//! 3.3 s), and they come back in a different order from the list.
//!
//! `join_all` is `gather` here: all four requests are in flight together, so
//! their waits overlap. They share one `reqwest::Client`, as the tutorial shares
//! one session: its connection pool serves them all, and it is cheap to clone.
//! Each `fetch` (in `http.rs`) reads its page in chunks as they arrive, counting
//! characters as it goes, so a huge or endless page costs no more memory than a
//! small one: the `--timeout` and `--max-bytes` end it.
//!
//! You will see the pages arrive in the order 3, 2, 1, 4, by latency, then the
//! total against the fetches' own times added up: about 3.2x faster.

use std::time::{Duration, Instant};

use anyhow::Result;
use futures::future::join_all;
use lesson::{claim, say};

use crate::http::{HttpArgs, Targets, client, enough_open_files, fetch, report};
use crate::server::{PAGES, Server};

pub async fn run(args: HttpArgs) -> Result<()> {
    let targets = Targets::new(&args, Server::pages)?;
    if targets.is_local() {
        let longest = PAGES.iter().map(|&(_, latency)| latency).fold(0.0, f64::max);
        claim(longest, PAGES.iter().map(|(_, latency)| latency).sum());
    }
    // Every URL at once is a socket each: check there are enough before the first.
    let (n, lower) = (targets.urls.len(), |most| format!("give {most} URLs or fewer"));
    enough_open_files(n, targets.is_local(), &format!("fetching {n} URLs at once"), lower)?;
    let client = client(&args, &targets.urls)?;
    let started = Instant::now();
    // `asyncio.gather(*[fetch(session, url) for url in urls])`. Each fetch
    // reports as it finishes, so the lines come in completion order.
    let fetches = targets.urls.iter().map(|url| async {
        let began = Instant::now();
        let result = fetch(&client, url, &args).await;
        report(url, &result);
        (result.is_ok(), began.elapsed())
    });
    let outcomes = join_all(fetches).await;

    let (all_at_once, one_by_one) =
        (started.elapsed(), outcomes.iter().map(|(_, took)| *took).sum::<Duration>());
    // The fetches' own times, added up, are what one by one would have cost.
    if outcomes.iter().any(|(ok, _)| *ok) {
        say!(
            "all {} in {:.3}s; one by one they add up to {:.3}s: {:.2}x faster",
            outcomes.len(),
            all_at_once.as_secs_f64(),
            one_by_one.as_secs_f64(),
            one_by_one.as_secs_f64() / all_at_once.as_secs_f64().max(1e-9)
        );
    }
    targets.finish(outcomes.iter().filter(|(ok, _)| !ok).count(), outcomes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The real clock, with latencies of 120 to 200 ms: orders and ratios, not times.
    #[tokio::test]
    async fn all_at_once_in_order_of_latency() {
        let recording = lesson::test_scaled(0.2);
        run(HttpArgs::default()).await.unwrap();
        let lines = recording.lines();
        let pages: Vec<_> =
            lines.iter().filter_map(|l| l.split("/page/").nth(1)?.get(..1)).collect();
        assert_eq!(pages, ["3", "2", "1", "4"], "{lines:#?}");
        let claim = recording.claim();
        assert_eq!((claim.ideal.as_millis(), claim.one_by_one.as_millis()), (200, 640));
        let elapsed = recording.elapsed();
        assert!(elapsed >= claim.ideal && elapsed < claim.one_by_one / 2, "{elapsed:?}");
    }

    #[tokio::test]
    async fn a_failed_url_is_one_line_and_loses_no_other_result() {
        let server = Server::start(1.0).unwrap();
        let urls = vec![
            "http://127.0.0.1:1/".to_owned(), // refused: nothing listens on port 1
            server.url("/status/500"),
            server.url("/never"),
            "http//missing-colon".to_owned(),
            server.url("/bytes/5"),
        ];
        let args = HttpArgs { urls, timeout: Duration::from_millis(300), ..HttpArgs::default() };
        let recording = lesson::test();
        let outcome = run(args).await;
        assert_eq!(outcome.unwrap_err().to_string(), "4 of 5 URLs failed");
        let lines = recording.lines().join("\n");
        for expected in [
            "Failed http//missing-colon: not a URL: relative URL without a base",
            "Failed http://127.0.0.1:1/: could not connect: Connection refused",
            "/status/500: HTTP 500 Internal Server Error",
            "/never: no answer within 300ms",
            "/bytes/5, Length: 5 characters",
        ] {
            assert!(lines.contains(expected), "{expected:?} in\n{lines}");
        }
        // The malformed URL is reported first, before any request is sent.
        assert!(recording.lines()[0].contains("Failed http//missing-colon"), "{lines}");
    }
}
