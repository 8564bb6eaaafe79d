//! # fetch-concurrent: the same pages, all at once
//!
//! Run it: `cargo run -p examples-http -- fetch-concurrent [URL...]`
//! (with no URL, the four local pages; `--timeout SECS`, `--max-bytes N`).
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
//! one session: its connection pool serves them all. Each `fetch` reads its page
//! in chunks as they arrive, counting characters as it goes, so a huge or endless
//! page costs no more memory than a small one: `--timeout` and `--max-bytes` end it.
//!
//! You will see the pages arrive in the order 3, 2, 1, 4, by latency, then the
//! total against the fetches' own times added up: about 3.2x faster.

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use futures::future::join_all;
use lesson::{args, say};
use reqwest::Client;

use crate::http::{Failed, Options, Text, client, shown};

/// GET `url` and count the characters of its text as the body streams in.
async fn fetch(client: &Client, url: &str, options: &Options) -> Result<usize, Failed> {
    Failed::unless_http(url)?;
    let timeout = options.timeout; // the client's: it covers the body too
    let mut response =
        client.get(url).send().await.map_err(|e| Failed::new(&e, "no answer", timeout))?;
    if !response.status().is_success() {
        return Err(Failed::status(response.status()));
    }
    let mut text = Text::new(&response, options.max_bytes)?;
    while let Some(chunk) =
        response.chunk().await.map_err(|e| Failed::new(&e, "not finished", timeout))?
    {
        text.push(&chunk)?;
    }
    Ok(text.characters())
}

pub async fn main() -> Result<()> {
    let options = Options::parse(args()).map_err(anyhow::Error::msg)?;
    ensure!(
        !options.urls.is_empty(),
        "no URL: give some (in the course, `cargo run -p examples-http -- serve` prints four)"
    );
    let client = client(&options)?;
    let started = Instant::now();
    // Borrowed, not moved: `async move` alone would move `client` into the first
    // future (E0373 asks for `move`, then E0507: it cannot move out of the closure).
    // A reference is `Copy`, so each future gets its own. (`tokio::spawn` wants
    // owned values instead: clone the `Client` per task, it is an `Arc` inside.)
    let (client, options) = (&client, &options);
    // `asyncio.gather(*[fetch(session, url) for url in urls])`. Each fetch
    // reports as it finishes, so the lines come in completion order.
    let fetches = options.urls.iter().map(|url| async move {
        let began = Instant::now();
        let result = fetch(client, url, options).await;
        match &result {
            Ok(length) => say!("Fetched {}, Length: {length} characters", shown(url)),
            Err(why) => say!("Failed {}: {why}", shown(url)),
        }
        (result.is_ok(), began.elapsed())
    });
    let outcomes = join_all(fetches).await;

    // The fetches' own times, added up, are what one by one would have cost.
    let one_by_one: Duration = outcomes.iter().map(|(_, took)| *took).sum();
    let all_at_once = started.elapsed().as_secs_f64();
    if outcomes.iter().any(|(ok, _)| *ok) {
        let (n, sum) = (outcomes.len(), one_by_one.as_secs_f64());
        let faster = sum / all_at_once.max(1e-9);
        say!(
            "all {n} in {all_at_once:.3}s; one by one they add up to {sum:.3}s: {faster:.2}x faster"
        );
    }
    let failed = outcomes.iter().filter(|(ok, _)| !ok).count();
    ensure!(failed == 0, "{failed} of {} URLs failed", outcomes.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::Server;

    // The real clock, with latencies of 120 to 200 ms: orders and ratios, not times.
    #[tokio::test]
    async fn all_at_once_in_order_of_latency() {
        let recording = lesson::test_scaled(0.2);
        let mut args = Vec::new();
        let _server = crate::local_pages("fetch-concurrent", &mut args).unwrap();
        recording.set_args(args);
        main().await.unwrap();
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
        let recording = lesson::test();
        let refused = "http://127.0.0.1:1/"; // nothing listens on port 1
        let (error, never) = (server.url("/status/500"), server.url("/never"));
        let fine = server.url("/bytes/5");
        let urls = [refused, &error, &never, "http//missing-colon", &fine];
        let args = ["--timeout", "0.3"].into_iter().chain(urls).map(str::to_owned);
        recording.set_args(args.collect());
        let outcome = main().await;
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
        // The malformed URL fails at once, before any answer has come.
        assert!(recording.lines()[0].contains("Failed http//missing-colon"), "{lines}");
    }
}
