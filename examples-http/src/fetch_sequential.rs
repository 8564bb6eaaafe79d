//! # fetch-sequential: four pages, one after the other
//!
//! Python: a loop over four URLs calls `requests.get(url)` and prints the
//! length of each page's text. Each call blocks until its page arrives, so the
//! run takes the sum of the four latencies (about 3.3 s in the tutorial).
//!
//! The Rust below is async, but awaiting each request before sending the next
//! is still one at a time: `.await` in a loop is sequential. The wait for each
//! page is time spent doing nothing else. `fetch-concurrent` fixes that.
//!
//! Run it: `cargo run -p examples-http -- fetch-sequential [URL...]`
//!
//! You will see the four local pages arrive in list order, each after its own
//! latency, and `took 3.20xs · ideal 3.200s`.

use anyhow::Result;
use lesson::Ctx;

use crate::http::{HttpArgs, Targets, client, fetch, report};
use crate::server::{PAGES, Server};

pub async fn run(cx: &Ctx<HttpArgs>) -> Result<()> {
    let targets = Targets::new(cx, Server::pages)?;
    if targets.is_local() {
        let sum = PAGES.iter().map(|(_, latency)| latency).sum();
        cx.claim(sum, sum);
    }
    // One client for every request: it keeps the connection open between them.
    let client = client(cx, &targets.urls)?;
    let mut failed = 0;
    for url in &targets.urls {
        // The next request is not sent until this one is done.
        let result = fetch(&client, url).await;
        failed += usize::from(result.is_err());
        report(cx, url, &result);
    }
    targets.finish(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The real clock, with short latencies: the server runs on its own thread,
    // where tokio's paused clock cannot reach.
    #[tokio::test]
    async fn fetches_in_list_order_taking_the_sum() {
        let cx = Ctx::test_scaled(HttpArgs::default(), 0.1);
        run(&cx).await.unwrap();
        let lines = cx.lines();
        for (line, page) in lines.iter().zip(["/page/1", "/page/2", "/page/3", "/page/4"]) {
            assert!(line.contains(&format!("{page}, Length: ")), "{lines:#?}");
        }
        assert!(lines[0].ends_with(", Length: 80938 characters"), "{lines:#?}");
        let ideal = cx.claimed().unwrap().ideal;
        assert_eq!(ideal.as_millis(), 320);
        assert!(cx.elapsed() >= ideal, "{:?}", cx.elapsed());
    }
}
