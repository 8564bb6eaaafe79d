//! `tasks`: N tasks that each sleep 100 ms, all waited for. How long the lot
//! takes (ideal: 100 ms), and what each costs in memory.
//!
//! The asyncio twin (`bench/python/bench_tasks.py`) is `create_task` N times, then
//! `gather`. Three ways to do it in tokio:
//!
//! - `joinset`: `tokio::spawn` each (through a `JoinSet`): N tasks, each its own
//!   heap block (the future's state plus tokio's task header) and a handle;
//! - `join-all`: `join_all` of N futures, spawned never: they take turns inside
//!   the one task that awaits them, each in a small node of a `FuturesUnordered`;
//! - `unordered`: a `FuturesUnordered` by hand, taken in finishing order.

use std::time::{Duration, Instant};

use anyhow::Result;
use futures::StreamExt as _;
use futures::future::join_all;
use futures::stream::FuturesUnordered;
use tokio::task::{JoinSet, unconstrained};
use tokio::time::sleep;

use crate::measure::{self, Results};

const NAP: Duration = Duration::from_millis(100);

/// The work of one task: its whole state is this future.
async fn nap() {
    sleep(NAP).await;
}

pub fn run(variant: &str, n: usize) -> Result<Results> {
    let runtime = crate::runtime(variant)?;
    // What the process holds before any task exists: the runtime, its threads, the code.
    let baseline = measure::rss_bytes();
    let started = Instant::now();
    runtime.block_on(async {
        match variant.trim_end_matches("-ct").trim_end_matches("-mt") {
            "joinset" => {
                // create_task + gather. On the multi-thread runtime the workers start
                // running the first tasks while this loop is still spawning the rest.
                let mut set = JoinSet::new();
                for _ in 0..n {
                    set.spawn(nap());
                }
                while let Some(done) = set.join_next().await {
                    done?;
                }
            }
            "join-all" => {
                // No task at all: one future that polls the N others itself. Why
                // `unconstrained`: tokio lets a task finish 128 timers and sockets a
                // turn (its coop budget); past that a sleep that has ended returns
                // Pending and asks to be woken once the task yields, too late for
                // join_all to notice, so it goes on polling all the others in vain.
                // Each turn ends 128: N + (N - 128) + (N - 256) + ... ≈ N²/256 polls
                // when all end together (counted here on the paused clock: 0.99 of
                // N²/256 at N = 10,000 to 40,000). Without it 1M futures took 340 s
                // on one thread here (tokio 1.54, futures 0.3.34).
                unconstrained(join_all((0..n).map(|_| nap()))).await;
            }
            "unordered" => {
                // As join_all (and `unconstrained` for the same reason), without
                // keeping the results in order.
                let mut naps: FuturesUnordered<_> = (0..n).map(|_| nap()).collect();
                while unconstrained(naps.next()).await.is_some() {}
            }
            other => anyhow::bail!("no variant {other}"),
        }
        anyhow::Ok(())
    })?;
    let wall = started.elapsed();
    let peak = measure::peak_rss_bytes();

    let mut results = vec![("wall_s", wall.as_secs_f64())];
    measure::push(&mut results, "peak_rss_bytes", peak);
    let per_task = peak.zip(baseline).map(|(peak, base)| (peak - base) / n as f64);
    measure::push(&mut results, "per_task_bytes", per_task);
    Ok(results)
}
