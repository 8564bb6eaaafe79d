//! # cpu-bound: a CPU job ×4, one by one, on threads, in processes, as tasks
//!
//! Run it: `cargo run -p examples-parallel -- cpu-bound`
//! Its asyncio twin: `python/cpu_bound.py`, run beside it by
//! `cargo xtask compare cpu-bound`.
//!
//! The Python program: a loop of arithmetic calibrated to about 0.25 s, run 4 times:
//! one by one, on 4 threads, on a `multiprocessing.Pool(4)`, as 4 asyncio tasks, and
//! through `asyncio.to_thread`. Only the processes are faster: the GIL lets one thread
//! at a time run Python code.
//!
//! Rust has no GIL: threads run the jobs on every core, and so does `spawn_blocking`,
//! whose pool is threads beside the runtime's. Tasks on one thread take turns, as
//! asyncio's do: a job has no `.await` to give the thread back at. Processes (this
//! program again: std has no `fork`) are as fast as threads, less their start-up.
//!
//! You will see each way's time and speed-up over one by one: about min(4, cores)x for
//! threads, processes and the blocking pool; 1x for tasks. (On one core, with nothing
//! to gain, it claims only 0.9x: two runs of the same work differ a little.)

use std::hint::black_box;
use std::io::Read as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use futures::future::join_all;
use lesson::{claim_speedup, say, secs, speedup};
use tokio::runtime::Builder;

use crate::cpu_worker::one_job;

const JOBS: usize = 4;
/// The hidden first argument that makes this program a worker: `cpu-bound-worker STEPS`.
pub const WORKER: &str = "cpu-bound-worker";

/// The CPU job: `steps` rounds of arithmetic that the compiler cannot skip.
pub fn job(steps: u64) -> u64 {
    (0..steps).fold(0, |x, i| black_box(x ^ i).wrapping_mul(31))
}

pub fn main() -> Result<()> {
    if std::env::args().nth(1).as_deref() == Some(WORKER) {
        return one_job(job); // this program, started again as a worker by `processes`
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    claim_speedup(if cores > 1 { 1.3 } else { 0.9 });
    let steps = calibrate(secs(0.25));
    let gain = if cores > 1 { "" } else { ": nothing to gain" };
    say!("{cores} core(s){gain}; {JOBS} jobs, each calibrated to about {:?} here", secs(0.25));
    let time = |way: fn(u64) -> Result<Vec<u64>>| -> Result<Duration> {
        let start = Instant::now();
        way(steps)?;
        Ok(start.elapsed())
    };
    // Best of 3, taking turns, as Python's `timeit` advises: on a busy machine the
    // fastest run is the one least disturbed by the rest.
    let (mut one_by_one, mut threaded) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        one_by_one = one_by_one.min(time(one_after_another)?);
        threaded = threaded.min(time(threads)?);
    }
    let versus = |took: Duration| {
        let factor = one_by_one.as_secs_f64() / took.as_secs_f64();
        format!("{JOBS} jobs in {:.3}s, {factor:.2}x one by one", took.as_secs_f64())
    };
    say!("one by one: {JOBS} jobs in {:.3}s, best of 3", one_by_one.as_secs_f64());
    say!("threads: {}, best of 3", versus(threaded));
    speedup(one_by_one, threaded);
    say!("processes: {}", versus(time(processes)?));
    say!("tasks on one thread: {}", versus(time(tasks)?));
    say!("blocking pool: {}", versus(time(blocking_pool)?));
    Ok(())
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

fn one_after_another(steps: u64) -> Result<Vec<u64>> {
    Ok((0..JOBS).map(|_| job(steps)).collect())
}

/// One OS thread per job; `scope` joins them all before it returns.
fn threads(steps: u64) -> Result<Vec<u64>> {
    std::thread::scope(|scope| {
        let running: Vec<_> = (0..JOBS).map(|_| scope.spawn(move || job(steps))).collect();
        Ok(running.into_iter().map(|t| t.join().expect("a job panicked")).collect())
    })
}

/// `tokio::spawn` on one thread: each job runs to its end before the next starts.
fn tasks(steps: u64) -> Result<Vec<u64>> {
    let jobs = async { join_all((0..JOBS).map(|_| tokio::spawn(async move { job(steps) }))).await };
    let results = Builder::new_current_thread().build()?.block_on(jobs);
    Ok(results.into_iter().collect::<Result<_, _>>()?)
}

/// `spawn_blocking`: each job on a thread of the runtime's blocking pool, all at once.
fn blocking_pool(steps: u64) -> Result<Vec<u64>> {
    let jobs = (0..JOBS).map(|_| tokio::task::spawn_blocking(move || job(steps)));
    let results = Builder::new_current_thread().build()?.block_on(async { join_all(jobs).await });
    Ok(results.into_iter().collect::<Result<_, _>>()?)
}

/// One child process per job: this program again, as a worker.
fn processes(steps: u64) -> Result<Vec<u64>> {
    let me = std::env::current_exe().context("finding this program")?;
    let mut workers = Vec::new();
    for _ in 0..JOBS {
        // Its stdin, a pipe from here, closes when this process ends, however it ends.
        let mut worker = Command::new(&me);
        worker.args([WORKER, &steps.to_string()]).stdin(Stdio::piped()).stdout(Stdio::piped());
        workers.push(worker.spawn().context("starting a worker")?);
    }
    // All at work now: read the answers in turn.
    let answer = |mut worker: Child| -> Result<u64> {
        let mut answer = String::new();
        worker.stdout.take().context("no pipe")?.read_to_string(&mut answer)?;
        worker.wait()?;
        answer.trim().parse().with_context(|| format!("a worker said {answer:?}"))
    };
    workers.into_iter().map(answer).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // CPU time depends on the machine: this checks the work, not its speed.
    // (tests/workers.rs runs the processes, which need the real binary.)
    #[test]
    fn every_way_gives_the_results_of_one_by_one() {
        let expected = one_after_another(1000).unwrap();
        assert_eq!((expected.len(), expected[0] == job(1001)), (JOBS, false));
        for way in [threads, tasks, blocking_pool] {
            assert_eq!(way(1000).unwrap(), expected);
        }
        assert!(calibrate(Duration::from_millis(1)) < calibrate(Duration::from_millis(30)));
    }
}
