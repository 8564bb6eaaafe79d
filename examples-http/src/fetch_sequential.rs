//! # fetch-sequential: four pages, one after the other
//!
//! Run it: `cargo run -p examples-http -- fetch-sequential [URL...]`
//! Its asyncio twin: `python/fetch_sequential.py`, run beside it by
//! `cargo xtask compare fetch-sequential`.
//!
//! The Python program: a loop over four URLs calls `requests.get(url)` and prints the
//! length of each page's text. Each call blocks until its page arrives, so the
//! run takes the sum of the four latencies (about 3.3 s in the tutorial).
//!
//! The Rust below is async, but awaiting each request before sending the next
//! is still one at a time: `.await` in a loop is sequential. The wait for each
//! page is time spent doing nothing else. `fetch-concurrent` fixes that.
//!
//! You will see the four local pages arrive in list order, each after its own
//! latency, and `took 3.20xs · ideal 3.200s`.

use anyhow::Result;
use lesson::claim;

use crate::http::{HttpArgs, Targets, client, fetch, report};
use crate::server::{PAGES, Server};

pub async fn run(args: HttpArgs) -> Result<()> {
    let targets = Targets::new(&args, Server::pages)?;
    if targets.is_local() {
        let sum = PAGES.iter().map(|(_, latency)| latency).sum();
        claim(sum, sum);
    }
    // One client for every request: it keeps the connection open between them.
    let client = client(&args, &targets.urls)?;
    let mut failed = 0;
    for url in &targets.urls {
        // The next request is not sent until this one is done.
        let result = fetch(&client, url, &args).await;
        failed += usize::from(result.is_err());
        report(url, &result);
    }
    targets.finish(failed, targets.urls.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The real clock, with short latencies: the server runs on its own thread,
    // where tokio's paused clock cannot reach.
    #[tokio::test]
    async fn fetches_in_list_order_taking_the_sum() {
        let recording = lesson::test_scaled(0.1);
        run(HttpArgs::default()).await.unwrap();
        let lines = recording.lines();
        assert_eq!(lines[0], "claim: ideal 3.200s; at --scale 0.1: ideal 0.320s");
        for (line, page) in lines[1..].iter().zip(["/page/1", "/page/2", "/page/3", "/page/4"]) {
            assert!(line.contains(&format!("{page}, Length: ")), "{lines:#?}");
        }
        assert!(lines[1].ends_with(", Length: 80938 characters"), "{lines:#?}");
        assert_eq!(lines.len(), 5, "{lines:#?}");
        assert!(recording.elapsed() >= recording.claim().ideal, "{:?}", recording.elapsed());
    }
}
