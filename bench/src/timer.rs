//! `timer`: N sleeps of 1 ms, one after the other, each timed on the real clock:
//! how long a 1 ms sleep really takes.
//!
//! tokio's timer wheel ticks in whole milliseconds and rounds a deadline up to
//! the next tick. In a loop each sleep starts just after a tick (the one that
//! woke the last), so its deadline 1 ms later falls just after the next tick and
//! is rounded up to the one after: a 1 ms sleep takes 2 ms. asyncio sleeps until
//! the exact deadline (its twin, `bench/python/bench_timer.py`, shows how close).

use std::time::{Duration, Instant};

use anyhow::Result;
use tokio::time::sleep;

use crate::measure::{self, Results};

pub fn run(variant: &str, n: usize) -> Result<Results> {
    let runtime = crate::runtime(variant)?;
    let mut took: Vec<Duration> = runtime.block_on(async {
        let mut took = Vec::with_capacity(n);
        for _ in 0..n {
            let started = Instant::now();
            sleep(Duration::from_millis(1)).await;
            took.push(started.elapsed());
        }
        took
    });
    took.sort();
    Ok(vec![
        ("median_ms", measure::percentile_ms(&took, 50.0)),
        ("p99_ms", measure::percentile_ms(&took, 99.0)),
    ])
}
