//! `spawn`: N empty tasks, spawned and joined: how many a second. The cost of a
//! task alone, with nothing in it: allocating it, scheduling it, running it
//! once, handing its result to the `JoinSet`, freeing it.
//!
//! The asyncio twin (`bench/python/bench_spawn.py`): `create_task` N times, then `gather`.

use std::time::Instant;

use anyhow::Result;
use tokio::task::JoinSet;

use crate::measure::Results;

pub fn run(variant: &str, n: usize) -> Result<Results> {
    let runtime = crate::runtime(variant)?;
    let started = Instant::now();
    runtime.block_on(async {
        let mut set = JoinSet::new();
        for _ in 0..n {
            set.spawn(async {});
        }
        while let Some(done) = set.join_next().await {
            done?;
        }
        anyhow::Ok(())
    })?;
    let wall = started.elapsed().as_secs_f64();
    Ok(vec![("tasks_per_s", n as f64 / wall), ("wall_s", wall)])
}
