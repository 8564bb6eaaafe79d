//! `http`: GET requests from one client on one thread to the lessons' local
//! server (`examples-http serve`, another process, built in release too):
//!
//! - `bounded-ct`: N requests for 100 bytes with no latency, at most 100 in
//!   flight: requests per second, and the CPU time and memory that took;
//! - `at-once-ct`: N requests at once to a page that answers after 50 ms: the
//!   wall time, against the ideal of 50 ms.
//!
//! The asyncio twin (`bench/python/bench_http.py`) is aiohttp, with the same limit.

use std::time::Instant;

use anyhow::{Context as _, Result, ensure};
use futures::StreamExt as _;
use futures::future::join_all;
use futures::stream;
use reqwest::Client;

use crate::measure::{self, Results};

/// The most requests in flight at once, for `bounded-ct`.
const IN_FLIGHT: usize = 100;
/// The server's latency for `at-once-ct`, in milliseconds.
const LATENCY_MS: u64 = 50;

pub fn run(variant: &str, n: usize, base: &str) -> Result<Results> {
    // rustls does its cryptography with `ring` (see Cargo.toml); plain http here,
    // but reqwest wants a provider all the same.
    let _ = rustls::crypto::ring::default_provider().install_default();
    // One client, shared: its pool keeps connections open between requests.
    // Only our own server: no proxy, no CA roots to load.
    let client = Client::builder()
        .no_proxy()
        .tls_certs_only([])
        .build()
        .context("building the HTTP client")?;
    let runtime = crate::runtime(variant)?;
    let mut results = Results::new();
    match variant {
        "bounded-ct" => {
            let url = format!("{base}/bytes/100");
            let cpu_before = measure::cpu_seconds();
            let started = Instant::now();
            let failed = runtime.block_on(async {
                // `buffer_unordered(100)`: a request is made only when one of the 100
                // in flight is done, as an asyncio.Semaphore(100) around each would.
                let mut fetches =
                    stream::iter(0..n).map(|_| fetch(&client, &url)).buffer_unordered(IN_FLIGHT);
                let mut failed = Vec::new();
                while let Some(fetched) = fetches.next().await {
                    failed.extend(fetched.err());
                }
                failed
            });
            let wall = started.elapsed().as_secs_f64();
            ensure_none_failed(&failed, n)?;
            results.push(("requests_per_s", n as f64 / wall));
            let cpu = measure::cpu_seconds().zip(cpu_before).map(|(after, before)| after - before);
            measure::push(&mut results, "cpu_s", cpu);
            measure::push(&mut results, "peak_rss_bytes", measure::peak_rss_bytes());
            results.push(("wall_s", wall));
        }
        "at-once-ct" => {
            let url = format!("{base}/delay/{LATENCY_MS}");
            let started = Instant::now();
            // All at once, as asyncio.gather: each request is its own future in one task.
            let fetched = runtime.block_on(join_all((0..n).map(|_| fetch(&client, &url))));
            let wall = started.elapsed();
            let failed: Vec<_> = fetched.into_iter().filter_map(Result::err).collect();
            ensure_none_failed(&failed, n)?;
            results.push(("wall_ms", wall.as_secs_f64() * 1000.0));
            results.push(("ideal_ms", LATENCY_MS as f64));
        }
        other => anyhow::bail!("no variant {other}"),
    }
    Ok(results)
}

async fn fetch(client: &Client, url: &str) -> Result<usize> {
    let response = client.get(url).send().await?.error_for_status()?;
    Ok(response.bytes().await?.len())
}

fn ensure_none_failed(failed: &[anyhow::Error], n: usize) -> Result<()> {
    let first = failed.first().map(|err| format!("{err:#}")).unwrap_or_default();
    ensure!(failed.is_empty(), "{} of {n} requests failed, the first: {first}", failed.len());
    Ok(())
}
