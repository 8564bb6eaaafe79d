//! # three-ways: many waits as tasks, as threads, as processes
//!
//! Run it: `cargo run -p examples-parallel -- three-ways`
//! Its asyncio twin: `python/three_ways.py`, run beside it by
//! `cargo xtask compare three-ways`.
//!
//! The Python program: three ways to wait for many things at once, timed and weighed:
//! 1,000 asyncio tasks that `await asyncio.sleep(0.5)`; 1,000 threads that
//! `time.sleep(0.5)`; a `multiprocessing.Pool(4)` given 32 such sleeps, working in the
//! background while the tasks, then the threads, take their turn.
//!
//! Here: `tokio::spawn`, `std::thread::spawn`, and 4 child processes, this program
//! again (std has no `fork`) taking waits on stdin. A task is one small allocation; a
//! thread is started by the kernel, with a stack of its own; a process is a whole
//! program, and a pool of 4 does 4 waits at a time.
//!
//! You will see a table, every figure measured: 1,000 tasks wait 0.5 s, 1,000 threads
//! 0.5 s plus their start-up, the pool 8 rounds, 4.0 s. Memory: what Linux counts as
//! resident (elsewhere: not measured).

use std::io::{BufRead as _, BufReader, Lines, Write as _};
use std::process::{ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use futures::future::join_all;
use lesson::{claim, say, secs};
use tokio::task::spawn_blocking;

use crate::pool_worker::{per_unit, resident_kib, waits};

const UNITS: usize = 1000;
const POOL: usize = 4;
const POOL_WAITS: usize = 32;
/// The hidden first argument that makes this program a worker of the pool.
pub const WORKER: &str = "three-ways-worker";

/// What one way measured: wall time, start-up per unit, resident memory per unit (KiB).
type Row = (Duration, Duration, Option<f64>);

pub async fn main() -> Result<()> {
    if std::env::args().nth(1).as_deref() == Some(WORKER) {
        return waits(); // this program, started again as a worker by `processes`
    }
    claim(4.0, 0.5 + 0.5 + 4.0);
    let wait = secs(0.5);
    // The pool works on a thread of its own while the other two take their turns.
    let pool = spawn_blocking(move || processes(wait));
    let tasks = tasks(wait).await;
    let threads = spawn_blocking(move || threads(wait)).await?;
    let processes = pool.await??;
    let (rounds, all) = (POOL_WAITS / POOL, wait * (UNITS / POOL) as u32);
    say!("pool: {POOL_WAITS} waits, {POOL} at a time: {rounds} rounds; {UNITS} would take {all:?}");
    say!("way       waits units     wall start-up/unit  memory/unit");
    let rows =
        [("tasks", UNITS, UNITS), ("threads", UNITS, UNITS), ("processes", POOL_WAITS, POOL)];
    for ((way, waits, units), (wall, start_up, memory)) in
        rows.into_iter().zip([tasks, threads, processes])
    {
        let memory = memory.map_or("not measured".to_owned(), |kib| format!("{kib:.1} KiB"));
        let (wall, start_up) = (wall.as_secs_f64(), format!("{start_up:.1?}"));
        say!("{way:<9} {waits:>5} {units:>5} {wall:>7.3}s {start_up:>13} {memory:>12}");
    }
    Ok(())
}

/// Tasks on this thread: each gives the thread back at its `.await`.
async fn tasks(wait: Duration) -> Row {
    let (before, start) = (resident_kib("self"), Instant::now());
    let tasks: Vec<_> = (0..UNITS).map(|_| tokio::spawn(tokio::time::sleep(wait))).collect();
    let (start_up, memory) = (start.elapsed() / UNITS as u32, per_unit(before, UNITS));
    join_all(tasks).await;
    (start.elapsed(), start_up, memory)
}

/// OS threads: each blocks in its sleep, and the kernel runs the others.
fn threads(wait: Duration) -> Row {
    let (before, start) = (resident_kib("self"), Instant::now());
    let threads: Vec<_> =
        (0..UNITS).map(|_| std::thread::spawn(move || std::thread::sleep(wait))).collect();
    let (start_up, memory) = (start.elapsed() / UNITS as u32, per_unit(before, UNITS));
    threads.into_iter().for_each(|thread| thread.join().expect("a thread panicked"));
    (start.elapsed(), start_up, memory)
}

/// A pool of worker processes, each given its share of the waits.
fn processes(wait: Duration) -> Result<Row> {
    let (me, start) = (std::env::current_exe().context("finding this program")?, Instant::now());
    let mut pool = Vec::new();
    for _ in 0..POOL {
        // Its stdin, a pipe from here, closes when this process ends, however it ends.
        let child =
            Command::new(&me).arg(WORKER).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn();
        let mut worker = child.context("starting a worker")?;
        let answers = BufReader::new(worker.stdout.take().context("no pipe")?).lines();
        pool.push((worker, answers));
    }
    pool.iter_mut().try_for_each(|(_, answers)| answer(answers))?; // each says "ready"
    let start_up = start.elapsed() / POOL as u32;
    let memory: Option<f64> = pool.iter().map(|(w, _)| resident_kib(&w.id().to_string())).sum();
    let start = Instant::now();
    for (child, _) in &mut pool {
        let waits = format!("{}\n", wait.as_secs_f64()).repeat(POOL_WAITS / POOL);
        child.stdin.as_mut().context("no pipe")?.write_all(waits.as_bytes())?;
    }
    for (_, answers) in &mut pool {
        (0..POOL_WAITS / POOL).try_for_each(|_| answer(answers))?; // each says "done"
    }
    let wall = start.elapsed();
    for (mut worker, _) in pool {
        drop(worker.stdin.take()); // no more waits: the worker ends
        worker.wait()?;
    }
    Ok((wall, start_up, memory.map(|kib| kib / POOL as f64)))
}

fn answer(answers: &mut Lines<BufReader<ChildStdout>>) -> Result<()> {
    answers.next().context("a worker ended early")??;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_thousand_tasks_wait_together() {
        let run = lesson::test();
        tasks(secs(0.5)).await;
        assert_eq!(run.elapsed(), secs(0.5));
    }

    // Real threads sleep on the real clock. (tests/workers.rs runs the pool.)
    #[test]
    fn a_thousand_threads_wait_together() {
        let (wall, start_up, _) = threads(Duration::from_millis(20));
        assert!(wall < Duration::from_secs(2), "one by one would take 20 s; took {wall:?}");
        assert!(start_up < wall / 10, "{start_up:?} per thread");
    }
}
