//! # fetch-sequential: four pages, one after the other
//!
//! Run it: `cargo run -p examples-http -- fetch-sequential [URL...]`
//! (with no URL, the four local pages; `--timeout SECS`, `--max-bytes N`).
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

use anyhow::{Result, ensure};
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
    // One client for every request: it keeps the connection open between them.
    let client = client(&options)?;
    let mut failed = 0;
    for url in &options.urls {
        // The next request is not sent until this one is done.
        match fetch(&client, url, &options).await {
            Ok(length) => say!("Fetched {}, Length: {length} characters", shown(url)),
            Err(why) => {
                failed += 1;
                say!("Failed {}: {why}", shown(url));
            }
        }
    }
    ensure!(failed == 0, "{failed} of {} URLs failed", options.urls.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The real clock, with short latencies: the server runs on its own thread,
    // where tokio's paused clock cannot reach.
    #[tokio::test]
    async fn fetches_in_list_order_taking_the_sum() {
        let recording = lesson::test_scaled(0.1);
        let mut args = Vec::new();
        let _server = crate::local_pages("fetch-sequential", &mut args).unwrap();
        recording.set_args(args);
        main().await.unwrap();
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
