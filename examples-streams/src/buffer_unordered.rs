//! # buffer-unordered: 10 jobs, 3 at a time, no task spawned
//!
//! Run it: `cargo run -p examples-streams -- buffer-unordered`
//! Its asyncio twin: `python/buffer_unordered.py`, run beside it by
//! `cargo xtask compare buffer-unordered`.
//!
//! The asyncio program: 10 jobs (job 0 takes 1 s, the others 0.2 to 0.5 s), each
//! inside `async with Semaphore(3)`, read with `as_completed`; then the same 10
//! in order, by hand: a window of 3 tasks, a new one started as the oldest is
//! taken (what `buffered` does; `gather` would start one as soon as any ends).
//!
//! `stream::iter(jobs).map(job)` is a stream of futures not yet started;
//! `buffer_unordered(3)` runs up to 3 of them at once and gives each output as it
//! comes. `buffered(3)` gives them in the order of the jobs, and keeps a job that
//! is done in its slot until the ones before it are, so a slow job 0 holds back
//! the two after it: 2.0 s, not 1.5 s.
//!
//! No task is spawned: the stream polls its futures itself, inside main's task,
//! as `join_all` does. So they may borrow main's locals (here plain `Cell`s
//! counting the jobs running): no `Arc`, no atomic, no `'static`. And the stream
//! starts the next job only when main asks for the next output: main says `got
//! job 1` before job 3 starts, where asyncio's semaphore starts job 3 first.
//!
//! You will see at most 3 jobs at once: jobs 3 to 7 started while job 0 runs (job 8
//! as it ends, 1.0 s in), results in the order they come (1, 2, 3, 5, 4, 0, ...);
//! then, in order, jobs 3 to 5 started only when job 0 is done, 1.0 s in: 1.5 s +
//! 2.0 s.

use std::cell::Cell;

use anyhow::Result;
use futures::stream::{self, StreamExt as _};
use lesson::{claim, say, secs};
use tokio::time::sleep;

/// How long each job takes, in seconds: job 0 is the slow one.
const TAKES: [f64; 10] = [1.0, 0.2, 0.4, 0.3, 0.5, 0.2, 0.4, 0.3, 0.5, 0.2];

/// How many jobs run now, and the most that ran at once.
#[derive(Default)]
struct Running {
    now: Cell<u32>,
    most: Cell<u32>,
}

async fn job(id: usize, running: &Running) -> usize {
    say!("job {id} starts");
    running.now.set(running.now.get() + 1);
    running.most.set(running.most.get().max(running.now.get()));
    sleep(secs(TAKES[id])).await;
    running.now.set(running.now.get() - 1);
    id
}

pub async fn main() -> Result<()> {
    // As they come: job 8 starts when job 0 ends, at 1.0 s, and takes 0.5 s.
    // In order: jobs 3 to 5 start at 1.0 s, job 8 at 1.5 s; each pass's jobs sum to 4 s.
    claim(1.5 + 2.0, 2.0 * 4.0);
    say!("buffer_unordered(3): as they come");
    let running = Running::default();
    // Each job is started when a slot is free, and polled by `next()` below.
    let mut done = stream::iter(0..10).map(|id| job(id, &running)).buffer_unordered(3);
    while let Some(id) = done.next().await {
        say!("main: got job {id}");
    }
    say!("main: at most {} jobs ran at once", running.most.get());

    say!("buffered(3): in order");
    let running = Running::default();
    let mut in_order = stream::iter(0..10).map(|id| job(id, &running)).buffered(3);
    while let Some(id) = in_order.next().await {
        say!("main: got job {id}");
    }
    say!("main: at most {} jobs ran at once", running.most.get());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn three_at_a_time_as_they_come_then_in_order() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            [
                "claim: ideal 3.500s, one by one 8.000s",
                "[ 0.000s] buffer_unordered(3): as they come",
                "[ 0.000s] job 0 starts",
                "[ 0.000s] job 1 starts",
                "[ 0.000s] job 2 starts",
                "[ 0.200s] main: got job 1",
                "[ 0.200s] job 3 starts",
                "[ 0.400s] main: got job 2",
                "[ 0.400s] job 4 starts",
                "[ 0.500s] main: got job 3",
                "[ 0.500s] job 5 starts",
                "[ 0.700s] main: got job 5",
                "[ 0.700s] job 6 starts",
                "[ 0.900s] main: got job 4",
                "[ 0.900s] job 7 starts",
                "[ 1.000s] main: got job 0",
                "[ 1.000s] job 8 starts",
                "[ 1.100s] main: got job 6",
                "[ 1.100s] job 9 starts",
                "[ 1.200s] main: got job 7",
                "[ 1.300s] main: got job 9",
                "[ 1.500s] main: got job 8",
                "[ 1.500s] main: at most 3 jobs ran at once",
                "[ 1.500s] buffered(3): in order",
                "[ 1.500s] job 0 starts",
                "[ 1.500s] job 1 starts",
                "[ 1.500s] job 2 starts",
                "[ 2.500s] main: got job 0",
                "[ 2.500s] main: got job 1",
                "[ 2.500s] main: got job 2",
                "[ 2.500s] job 3 starts",
                "[ 2.500s] job 4 starts",
                "[ 2.500s] job 5 starts",
                "[ 2.800s] main: got job 3",
                "[ 2.800s] job 6 starts",
                "[ 3.000s] main: got job 4",
                "[ 3.000s] main: got job 5",
                "[ 3.000s] job 7 starts",
                "[ 3.000s] job 8 starts",
                "[ 3.200s] main: got job 6",
                "[ 3.200s] job 9 starts",
                "[ 3.300s] main: got job 7",
                "[ 3.500s] main: got job 8",
                "[ 3.500s] main: got job 9",
                "[ 3.500s] main: at most 3 jobs ran at once",
            ]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
