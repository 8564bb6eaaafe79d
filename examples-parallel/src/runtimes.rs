//! # runtimes: one thread or a worker per core, on waiting and on CPU work
//!
//! Run it: `cargo run -p examples-parallel -- runtimes`
//! It has no asyncio twin: asyncio runs one event loop per thread and has no
//! multi-threaded one, so there is no runtime to choose.
//!
//! tokio has two. `current_thread` runs every task on the thread that calls
//! `block_on`, as asyncio's loop does: `#[tokio::main(flavor = "current_thread")]`
//! and `#[tokio::test]` build it. `multi_thread` is what a bare `#[tokio::main]`
//! builds: a worker thread per core, where an idle worker steals tasks from a busy
//! one. The same work runs on each: 4 tasks that wait 0.5 s; 4 tasks that compute for
//! about 0.25 s, timed best of 3.
//!
//! Waiting holds no thread, so the waits end together at 0.5 s on both runtimes.
//! Computing holds one: on one thread the 4 jobs take turns, on the workers they run
//! at once, about min(4, cores) times faster. (A job that computes this long holds its
//! worker all the while; where other tasks must stay responsive, give it to
//! `spawn_blocking`, as `cpu-bound` does.)
//!
//! You will see, for each runtime, how long the waits and the jobs took. (On one core
//! there is nothing to gain: the lesson then claims only 0.9x, as two runs of the same
//! work differ a little.)

use std::hint::black_box;
use std::time::Duration;
use std::time::Instant;

use anyhow::Result;
use futures::future::join_all;
use lesson::{claim_speedup, say, secs, speedup};
use tokio::runtime::Builder;
use tokio::time::sleep;

/// The CPU job: `steps` rounds of arithmetic that the compiler cannot skip.
fn job(steps: u64) -> u64 {
    (0..steps).fold(0, |x, i| black_box(x ^ i).wrapping_mul(31))
}

/// How many steps make one job take about `target` on this machine.
fn calibrate(target: Duration) -> u64 {
    let (mut steps, mut took) = (1 << 10, Duration::ZERO);
    while took < target / 4 {
        steps *= 2;
        let start = Instant::now();
        job(steps);
        took = start.elapsed();
    }
    (steps as f64 * target.as_secs_f64() / took.as_secs_f64()) as u64
}

/// 4 tasks that each wait: they hold no thread while they do.
async fn waits(wait: Duration) -> Result<Duration> {
    let start = Instant::now();
    for task in join_all((0..4).map(|_| tokio::spawn(sleep(wait)))).await {
        task?;
    }
    Ok(start.elapsed())
}

/// 4 tasks that each compute: each holds a thread until it is done.
async fn jobs(steps: u64) -> Result<Duration> {
    let start = Instant::now();
    for task in join_all((0..4).map(|_| tokio::spawn(async move { job(steps) }))).await {
        task?;
    }
    Ok(start.elapsed())
}

pub fn main() -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    claim_speedup(if cores > 1 { 1.3 } else { 0.9 });
    let (wait, steps) = (secs(0.5), calibrate(secs(0.25)));
    let gain = if cores > 1 { "" } else { ": nothing to gain" };
    say!("{cores} core(s){gain}; each job calibrated to about {:?} here", secs(0.25));
    // `#[tokio::main(flavor = "current_thread")]`: every task on this thread.
    let one = Builder::new_current_thread().enable_time().build()?;
    // `#[tokio::main]`: a worker thread per core; the tasks spread over them.
    let many = Builder::new_multi_thread().enable_time().build()?;
    let workers = many.metrics().num_workers();
    let waited = one.block_on(waits(wait))?.as_secs_f64();
    say!("current_thread: 4 waits of {wait:?} in {waited:.3}s");
    let waited = many.block_on(waits(wait))?.as_secs_f64();
    say!("multi_thread, {workers} workers: 4 waits of {wait:?} in {waited:.3}s");
    // Best of 3, taking turns: on a busy machine the fastest run is the least disturbed.
    let (mut on_one, mut on_many) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        on_one = on_one.min(one.block_on(jobs(steps))?);
        on_many = on_many.min(many.block_on(jobs(steps))?);
    }
    say!("current_thread: 4 jobs in {:.3}s, best of 3", on_one.as_secs_f64());
    say!("multi_thread, {workers} workers: 4 jobs in {:.3}s, best of 3", on_many.as_secs_f64());
    speedup(on_one, on_many);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // CPU time depends on the machine: this checks what runs, not how fast.
    #[test]
    fn both_runtimes_wait_and_compute() {
        let run = lesson::test_scaled(0.01);
        main().unwrap();
        let lines = run.lines();
        assert!(lines[0].starts_with("claim: a speed-up of at least "), "{lines:?}");
        let what: Vec<&str> =
            lines[2..6].iter().map(|l| l[10..].split(" in ").next().unwrap()).collect();
        let workers = std::thread::available_parallelism().unwrap();
        let many = format!("multi_thread, {workers} workers");
        let jobs = [format!("{many}: 4 waits of 5ms"), format!("{many}: 4 jobs")];
        assert_eq!(
            what,
            ["current_thread: 4 waits of 5ms", &jobs[0], "current_thread: 4 jobs", &jobs[1]]
        );
        assert!(lines[6].starts_with("speed-up "), "{lines:?}");
    }
}
