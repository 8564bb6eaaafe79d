//! `timer`: N turns of a 1 ms loop on the real clock: how long a turn really takes.
//!
//! - `ct`: `sleep(1 ms)` in a loop, each sleep timed (median and p99).
//! - `interval-ct`: `interval(1 ms)`, N ticks after the first (which is at once):
//!   the mean period, the time from the first tick to the last over N.
//!
//! tokio's timer wheel ticks in whole milliseconds and rounds a deadline up to
//! the next tick. In a loop each sleep starts just after a tick (the one that
//! woke the last), so its deadline 1 ms later falls just after the next tick and
//! is rounded up to the one after: a 1 ms sleep takes 2 ms. An interval's
//! deadlines are whole periods from its start, not from its last wake-up, so its
//! ticks keep 1 ms apart on average however late each wake-up is. asyncio sleeps
//! until the exact deadline (its twin, `bench/python/bench_timer.py`, shows how
//! close); it has no interval, so the interval row is held to its sleep loop.

use std::time::{Duration, Instant};

use anyhow::Result;
use tokio::time::{interval, sleep};

use crate::measure::{self, Results};

pub fn run(variant: &str, n: usize) -> Result<Results> {
    let runtime = crate::runtime(variant)?;
    if variant == "interval-ct" {
        let took = runtime.block_on(async {
            let mut ticks = interval(Duration::from_millis(1));
            ticks.tick().await; // the first tick is at once
            let started = Instant::now();
            for _ in 0..n {
                ticks.tick().await;
            }
            started.elapsed()
        });
        return Ok(vec![("mean_period_ms", took.as_secs_f64() * 1000.0 / n as f64)]);
    }
    let mut took: Vec<Duration> = runtime.block_on(async {
        let mut took = Vec::with_capacity(n);
        for _ in 0..n {
            let started = Instant::now();
            sleep(Duration::from_millis(1)).await;
            took.push(started.elapsed());
        }
        took
    });
    let mean = took.iter().sum::<Duration>().as_secs_f64() * 1000.0 / n as f64;
    took.sort();
    Ok(vec![
        ("median_ms", measure::percentile_ms(&took, 50.0)),
        ("p99_ms", measure::percentile_ms(&took, 99.0)),
        ("mean_period_ms", mean),
    ])
}
