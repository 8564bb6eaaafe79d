//! # fetch-bounded: many requests, at most C in flight
//!
//! Run it: `cargo run -p examples-http -- fetch-bounded [--requests N] [--concurrency C] [URL...]`
//! (with no URL, N requests of 1 s each to the local server).
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
//! You will see progress on stderr, then the rate: ideal = ceil(N / C) × 1 s
//! (10 s by default, not 200).

use std::io::Write as _;
use std::time::Instant;

use anyhow::{Result, bail, ensure};
use futures::{StreamExt as _, stream};
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
    let (urls, concurrency) = (&options.urls, options.concurrency);
    // The URLs in turn, `--requests` in all (one each by default).
    let total = options.requests.unwrap_or(urls.len());
    // References, which each `async move` below copies (see fetch-concurrent).
    let (client, options) = (&client(&options)?, &options);
    let started = Instant::now();
    // A lazy stream of fetches; `buffer_unordered` polls at most `concurrency`
    // of them at a time and yields each result as it finishes.
    let mut results = stream::iter(urls.iter().cycle().take(total))
        .map(|url| async move { (url, fetch(client, url, options).await) })
        .buffer_unordered(concurrency);
    // `select!` polls it by reference across turns of the loop, so it must not move.
    // (Why, and `pin!` against `Box::pin`: examples-rust's `pin` lesson.)
    let ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
    let (mut ctrl_c, mut done, mut failed) = (ctrl_c, 0, 0);
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
        if let Err(why) = result {
            failed += 1;
            say!("Failed {}: {why}", shown(url));
        }
        if done % total.div_ceil(10) == 0 || done == total {
            // Progress on stderr; `writeln!`, as `eprintln!` panics if stderr is gone.
            let _ = writeln!(std::io::stderr(), "{done}/{total} done");
        }
    }
    let rate = total as f64 / started.elapsed().as_secs_f64();
    say!("{total} requests, at most {concurrency} at a time: {rate:.0} requests per second");
    ensure!(failed == 0, "{failed} of {total} requests failed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::Server;

    #[tokio::test]
    async fn never_more_than_c_in_flight() {
        let server = Server::start(1.0).unwrap();
        let recording = lesson::test();
        let url = server.url("/delay/20");
        recording
            .set_args(["--concurrency", "7", "--requests", "60", &url].map(str::to_owned).into());
        main().await.unwrap();
        // Counted by the server: at most 7, and enough to show they overlapped.
        assert!((2..=7).contains(&server.max_in_flight()), "{}", server.max_in_flight());
        assert!(recording.lines().last().unwrap().contains("60 requests, at most 7 at a time"));
    }

    #[tokio::test]
    async fn local_claim_is_rounds_times_latency() {
        let recording = lesson::test_scaled(0.1);
        let mut args = ["--requests", "45", "--concurrency", "10"].map(str::to_owned).to_vec();
        let server = crate::local_pages("fetch-bounded", &mut args).unwrap();
        recording.set_args(args);
        main().await.unwrap();
        drop(server); // it says how many it had in flight at most
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
